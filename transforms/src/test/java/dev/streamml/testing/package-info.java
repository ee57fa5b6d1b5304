/**
 * Test helpers shared by the suites of every package, such as {@link
 * dev.streamml.testing.RunnerUnderTest} for running one TestStream suite on each runner.
 */
package dev.streamml.testing;
