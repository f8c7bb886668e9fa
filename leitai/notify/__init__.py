"""Notifications: channels (e-mail, 企业微信, 钉钉, 飞书 robots, signed webhooks) and the outbox."""
