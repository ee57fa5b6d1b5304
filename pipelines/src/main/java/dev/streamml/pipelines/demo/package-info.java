/**
 * What the demo needs around a pipeline: topics, replaying a bundled data set into Kafka with
 * event timestamps, tallying what comes out, and a progress line.
 */
package dev.streamml.pipelines.demo;
