"""The supervision API: serializers, viewsets and the routes that register them."""
