/**
 * Prequential (test-then-train) evaluation metrics: online, mergeable accumulators for
 * classification (accuracy, Cohen's kappa, log loss, ROC AUC) and regression (MAE, RMSE) in bounded
 * memory.
 */
package dev.streamml.eval.metrics;
