package dev.samovar.server.ops;

/**
 * What the app needs besides the model and the request defaults: access rules, metrics, the drain
 * used by a graceful shutdown and the response cache's bounds.
 */
public record Operations(
    AccessSettings access,
    ServerMetrics metrics,
    Drain drain,
    CacheSettings responseCache,
    StoreSettings responseStore) {}
