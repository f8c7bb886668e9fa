"""The key-task API: serializers, viewsets and the routes that register them."""
