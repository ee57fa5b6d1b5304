/**
 * The {@code streamml} command line: one picocli command per task (demo, run, kafka), with
 * usage errors reported in one line and exit code 2, runtime failures with exit code 1.
 */
package dev.streamml.cli;
