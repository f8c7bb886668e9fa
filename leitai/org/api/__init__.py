"""The organisation's REST API: serializers, filtersets and viewsets."""
