/** Picking a runner at run time from the per-runner option files of {@code runners-config/}. */
package dev.streamml.pipelines.runners;
