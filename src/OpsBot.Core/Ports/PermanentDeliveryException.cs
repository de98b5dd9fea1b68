namespace OpsBot.Core.Ports;

/// <summary>
/// A notice that can never be delivered as it stands (the channel does not exist, the bot is not in it, its token is
/// revoked): the outbox marks it failed at once instead of retrying it, and later notices are not held back by it.
/// Thrown by chat and notifier adapters; anything else they throw is taken as transient and retried.
/// </summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
