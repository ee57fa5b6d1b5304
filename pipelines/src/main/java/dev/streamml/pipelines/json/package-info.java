/** The JSON that pipelines write to their output topics: one documented layout per record type. */
package dev.streamml.pipelines.json;
