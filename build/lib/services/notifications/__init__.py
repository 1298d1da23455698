"""Notifications: the outbox sender, its pacing, the words of each notice, the ops view.
Import from the modules (model, sender, pacing, compose, report): the storage layer imports the
model, so this package itself imports nothing."""
