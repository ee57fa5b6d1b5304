/**
 * The benchmark harness behind {@code ./streamml bench}: synthetic events preloaded into Kafka
 * ({@link dev.streamml.pipelines.bench.BenchEvents}, {@link dev.streamml.pipelines.bench.TopicLoad}),
 * the plain single-threaded programs that do the same work without Beam ({@link
 * dev.streamml.pipelines.bench.AnomalyBaseline}, {@link dev.streamml.pipelines.bench.FeaturesBaseline}),
 * the throughput and latency runs ({@link dev.streamml.pipelines.bench.ThroughputRun}, {@link
 * dev.streamml.pipelines.bench.LatencyRun}), memory after GC ({@code
 * HeapAfterGc}) and the report with its SVG plot ({@link
 * dev.streamml.pipelines.bench.BenchReport}). See docs/benchmarks.md.
 */
package dev.streamml.pipelines.bench;
