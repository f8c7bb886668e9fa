"""The rankings API: serializers, viewsets and their routes."""
