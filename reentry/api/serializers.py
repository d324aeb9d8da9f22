from __future__ import annotations

from rest_framework import serializers

from reentry.geography.models import AdminUnit


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["code", "name", "kind"]


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", allow_null=True, default=None)
    child_count = serializers.IntegerField(read_only=True)
    user_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AdminUnit
        fields = [
            "code",
            "name",
            "division",
            "kind",
            "parent_code",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
            "child_count",
            "user_count",
        ]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    unit = UnitRefSerializer()  # type: ignore[assignment]
    permissions = serializers.ListField(child=serializers.CharField())


class UnitListQuerySerializer(serializers.Serializer):
    # DRF's metaclass collects declared fields, so "parent" does not shadow Field.parent
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False, max_length=12, help_text="Mã đơn vị cha"
    )
    q = serializers.CharField(required=False, max_length=100, help_text="Tìm theo tên hoặc mã")
