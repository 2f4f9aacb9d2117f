#!/usr/bin/env bash
# Creates the repository's topics on a production Kafka cluster (three brokers or more), as CONTRACT.md §3a and the
# README describe them, with replication a hospital's audit trail needs: every record on three brokers, written to
# two before it is acknowledged (the collector and the indexer produce with acks=all).
#
# usage: create-topics.sh BOOTSTRAP [CLIENT_PROPERTIES]
#   BOOTSTRAP          the brokers, host:port[,host:port...]
#   CLIENT_PROPERTIES  the admin's client settings (security.protocol, sasl.*, ssl.*), as for the services
# Needs kafka-topics.sh (from the Kafka distribution) on the PATH. Existing topics are left as they are.
set -euo pipefail
bootstrap="${1:?usage: create-topics.sh BOOTSTRAP [CLIENT_PROPERTIES]}"
config=()
if [[ $# -ge 2 ]]; then
    config=(--command-config "$2")
fi
# Retention of audit.events: long enough to rebuild every index from Kafka after a loss of Elasticsearch. 30 days
# here (as locally); set it to what the hospital's recovery plan needs.
events_retention_ms=$((30 * 24 * 3600 * 1000))

create() {
    kafka-topics.sh --bootstrap-server "$bootstrap" "${config[@]}" --create --if-not-exists "$@"
}

create --topic audit.events --partitions 6 --replication-factor 3 \
    --config min.insync.replicas=2 --config retention.ms="$events_retention_ms" --config max.message.bytes=1048588
# Dead letters are kept until dealt with (the indexer prunes those of purged months) and hold whole refused records.
create --topic audit.deadletter --partitions 1 --replication-factor 3 \
    --config min.insync.replicas=2 --config retention.ms=-1 --config max.message.bytes=8388608
# The anchors of the signed checkpoints, compacted: the newest per chain stays for ever.
# Hour-long segments, as the indexer makes the topic itself, so that compaction keeps it small.
anchors="${AUDIT_ANCHOR_TOPIC:-audit.anchors}"
create --topic "$anchors" --partitions 1 --replication-factor 3 \
    --config min.insync.replicas=2 --config cleanup.policy=compact --config retention.ms=-1 --config segment.ms=3600000
