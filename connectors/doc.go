// Package connectors holds Veil's sources and sinks: local files, S3 objects,
// Kafka and Kinesis topics, and the formats they carry. Connectors move
// bytes and batches; they never scan or mask (that is the engine's job).
package connectors
