#!/bin/sh
# Runs a class of the Kafka jars as Kafka's own bin/kafka-run-class.sh does (heap from KAFKA_HEAP_OPTS, tools log quietly).
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_OPTS:-} -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=${KAFKA_LOG4J_CONFIG:-/opt/kafka/config/tools-log4j2.properties} \
  -cp '/opt/kafka/libs/*' "$@"
