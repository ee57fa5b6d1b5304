/**
 * Pipelines described in one YAML or properties file ({@link
 * dev.streamml.pipelines.config.PipelineConfig}), checked before anything starts; {@code
 * ./streamml run --config FILE} runs them. Ready files live in {@code runners-config/pipelines/}.
 */
package dev.streamml.pipelines.config;
