# Shared by the REST benchmarks (source it from the checkout's root).

# demo_vibe INGEST_URL: imports the 4 bundled playlists into a running stack, asks ingest to learn their vibe and
# prints the vibe's id (training has started; wait for its model on the scoring service).
demo_vibe() {
  local ingest=$1 ids=() p
  for p in Bluey Praise_Bangers No_Words_Allowed Country; do
    curl -sf -H 'Content-Type: text/csv' --data-binary @"data/exportify/$p.csv" "$ingest/api/v1/playlists/exportify?name=$p" >/dev/null
    ids+=("\"$(echo "$p" | tr 'A-Z_' 'a-z-')\"")
  done
  curl -sf -H 'Content-Type: application/json' -d "{\"playlistIds\":[$(IFS=,; echo "${ids[*]}")]}" "$ingest/api/v1/vibes" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])'
}
