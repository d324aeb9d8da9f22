"""Forms of the case file. They check types and shapes; the rules live in the services,
whose field errors are put back next to the fields (``add_service_errors``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reentry.core.errors import DomainError, ValidationFailed

from .models import (
    AdditionalPenaltyKind,
    ClosureReason,
    CrimeCategory,
    Culpability,
    Gender,
    MainPenalty,
    ObligationKind,
    PersonStatus,
    ReleaseType,
)
from .reference import ETHNICITY_CHOICES, Education
from .services import (
    AdditionalPenaltyData,
    IntakeData,
    ObligationData,
    OffenceData,
    PersonData,
    SentenceData,
)

if TYPE_CHECKING:
    from reentry.geography.models import AdminUnit

    from .models import Person, Sentence

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class VnDateField(forms.DateField):
    """Dates typed as dd/mm/yyyy (also d/m/yy and ISO)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Nhập một ngày có thật theo dạng ngày/tháng/năm, ví dụ 25/02/2026.")},
        )
        super().__init__(**kwargs)


class ServiceOutcome:
    ok = False


@contextmanager
def service_errors(
    form: forms.Form,
    *,
    domain_field: str | None = None,
    rename: Callable[[str], str] | None = None,
) -> Iterator[ServiceOutcome]:
    """Run a service for a form: its field errors go next to the fields (``rename`` maps a
    service field such as ``offences.0.article`` to a form field), a refusal (a conflict, an
    out-of-scope record) goes above the form or to ``domain_field``; ``outcome.ok`` is True
    only when the service succeeded."""
    outcome = ServiceOutcome()
    try:
        yield outcome
    except ValidationFailed as exc:
        if rename is not None:
            exc.errors = {rename(field): messages for field, messages in exc.errors.items()}
        add_service_errors(form, exc)
    except DomainError as exc:
        form.add_error(domain_field, exc.message)
    else:
        outcome.ok = True


def add_service_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Show a service's field errors next to the fields, the rest above the form."""
    for field, messages in exc.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class ConfirmedForm(forms.Form):
    """A form whose action cannot be undone. Its ``confirm`` box is shown apart, inside a
    warning (``warning``: the lines saying what will happen), just above the button that
    names the action; the action is refused until it is ticked. This consent belongs to the
    page: the services (and so the API and the importer) do not ask for it."""

    confirm_field = "confirm"
    warning_title = _("Việc này không hoàn tác được")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warning: list[str] = []

    @property
    def confirm_box(self) -> forms.BoundField:
        return self[self.confirm_field]


def commune_label(unit: AdminUnit) -> str:
    """``Xã Hoằng Giang, Tỉnh Thanh Hóa (mã 15880)``: a commune told apart from those of the
    same name in other provinces."""
    return gettext("%(commune)s, %(province)s (mã %(code)s)") % {
        "commune": unit.name,
        "province": unit.parent.name if unit.parent else "",
        "code": unit.code,
    }


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    other_names = forms.CharField(label=_("Tên gọi khác"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    date_of_birth = VnDateField(label=_("Ngày sinh"), required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh (nếu chỉ biết năm)"), required=False, min_value=1900, max_value=2100
    )
    national_id = forms.CharField(
        label=_("Số CCCD"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("12 chữ số; kiểm tra mã tỉnh, giới tính và năm sinh."),
    )
    legacy_id_number = forms.CharField(label=_("Số CMND cũ (9 số)"), max_length=15, required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNICITY_CHOICES, initial="Kinh")
    religion = forms.CharField(label=_("Tôn giáo"), max_length=80, required=False)
    education = forms.ChoiceField(
        label=_("Trình độ học vấn"), choices=[("", "—"), *Education.choices], required=False
    )
    occupation_before = forms.CharField(
        label=_("Nghề nghiệp trước khi chấp hành án"), max_length=150, required=False
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    family_contact = forms.CharField(label=_("Người thân liên hệ"), max_length=250, required=False)
    commune = forms.CharField(
        label=_("Mã xã, phường quản lý"),
        max_length=12,
        required=False,
        help_text=_("Mã 5 chữ số của xã nơi người đó cư trú, ví dụ 15865."),
    )
    legacy_commune = forms.CharField(
        label=_("Mã xã cũ (trước 01/07/2025)"),
        max_length=12,
        required=False,
        help_text=_("Nếu giấy tờ ghi địa chỉ cũ: mã xã cũ được giữ lại và tự đổi sang xã mới."),
    )
    address_text = forms.CharField(label=_("Địa chỉ nơi cư trú"), max_length=300)
    legacy_address_text = forms.CharField(
        label=_("Địa chỉ cũ (trước 01/07/2025), ghi như giấy tờ"), max_length=300, required=False
    )

    def to_data(self) -> PersonData:
        data = dict(self.cleaned_data)
        data["commune_code"] = data.pop("commune") or ""
        data["legacy_commune_code"] = data.pop("legacy_commune") or ""
        data.pop("confirm_different_person", None)
        data.pop("version", None)
        return PersonData(**data)


class PersonCreateForm(PersonForm):
    confirm_different_person = forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây là một người khác với các hồ sơ trùng tên ở trên"),
        required=False,
    )


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransferForm(ConfirmedForm):
    """The commune the person moved to is found by its name (``commune_q``, the matches listed
    as ``destination``) or typed as its code (``to_commune``); ``destination_code`` is the
    one the service is given, which validates it."""

    wide_fields = ("destination",)
    version = forms.IntegerField(widget=forms.HiddenInput)
    commune_q = forms.CharField(
        label=_("Tìm xã, phường chuyển đến theo tên"),
        max_length=100,
        required=False,
        help_text=_(
            "Gõ tên xã, phường, có dấu hoặc không dấu (ví dụ: hoằng giang, hoang giang), rồi "
            "bấm “Tìm xã”. Nhiều xã cùng tên: thêm tên tỉnh sau dấu phẩy (tân tiến, đồng nai)."
        ),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    destination = forms.ChoiceField(
        label=_("Xã, phường chuyển đến"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choice-list"}),
    )
    to_commune = forms.CharField(
        label=_("Hoặc nhập mã xã, phường chuyển đến"),
        max_length=12,
        required=False,
        help_text=_("Mã 5 chữ số, nếu đã biết; để trống khi đã chọn xã trong danh sách."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    moved_on = VnDateField(label=_("Ngày chuyển"))
    new_address = forms.CharField(label=_("Địa chỉ nơi cư trú mới"), max_length=300)
    reason = forms.CharField(label=_("Lý do chuyển"), max_length=300)
    confirm = forms.BooleanField(
        error_messages={
            "required": _(
                "Hồ sơ chưa được chuyển: đánh dấu ô này để xác nhận, rồi bấm “Chuyển hồ sơ”."
            )
        }
    )

    def __init__(
        self,
        *args: Any,
        person: Person,
        communes: Iterable[AdminUnit] = (),
        search_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(unit.code, commune_label(unit)) for unit in communes]
        self.fields["destination"].choices = choices  # type: ignore[attr-defined]
        if search_url:  # with script, the matches come as the officer types (htmx)
            self.fields["commune_q"].widget.attrs.update(
                {
                    "hx-get": search_url,
                    "hx-target": "#commune-choices",
                    "hx-trigger": "input changed delay:350ms, search",
                    "hx-sync": "this:replace",
                }
            )
        here = {"name": person.full_name, "commune": person.commune.name}
        self.fields["confirm"].label = (
            _(
                "Tôi xác nhận chuyển hồ sơ của %(name)s đến xã, phường đã chọn ở trên. Sau khi "
                "chuyển, %(commune)s không còn xem, không còn sửa được hồ sơ này và không tự "
                "chuyển lại được."
            )
            % here
        )
        self.warning = [
            gettext(
                "Sau khi chuyển, hồ sơ của %(name)s thuộc về xã, phường chuyển đến. %(commune)s "
                "không còn xem, không còn sửa được hồ sơ, và không tự chuyển lại được: chỉ xã "
                "nhận hồ sơ mới chuyển tiếp được."
            )
            % here,
            gettext(
                "Báo cáo của xã cho thời gian người này cư trú tại đây vẫn tính họ. Kiểm tra "
                "xã chuyển đến trước khi bấm “Chuyển hồ sơ”."
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        picked = cleaned.get("destination") or ""
        typed = (cleaned.get("to_commune") or "").strip()
        if picked and typed and picked != typed:
            self.add_error(
                "to_commune",
                _(
                    "Mã này khác xã đã chọn trong danh sách (mã %(code)s). Xóa mã đã nhập, "
                    "hoặc chọn lại xã cho đúng."
                )
                % {"code": picked},
            )
        elif not picked and not typed and "destination" not in self.errors:
            self.add_error(
                "destination",
                _(
                    "Chọn xã, phường chuyển đến: tìm theo tên rồi chạm vào xã trong danh sách, "
                    "hoặc nhập mã xã."
                ),
            )
        cleaned["destination_code"] = picked or typed
        return cleaned


class NoticeForm(forms.Form):
    facility = forms.CharField(label=_("Trại giam gửi thông báo"), max_length=200)
    received_on = VnDateField(label=_("Ngày nhận thông báo"))
    expected_release_on = VnDateField(label=_("Ngày dự kiến ra trại"), required=False)
    release_type = forms.ChoiceField(label=_("Hình thức ra trại"), choices=ReleaseType.choices)
    intended_address = forms.CharField(label=_("Nơi về cư trú"), max_length=300)


class IntakeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    residence_checked_on = VnDateField(label=_("Ngày xác minh nơi cư trú"), required=False)
    residence_check_result = forms.CharField(
        label=_("Kết quả xác minh"), max_length=300, required=False
    )
    reported_on = VnDateField(label=_("Ngày trình diện tại UBND xã"), required=False)
    commitment_signed_on = VnDateField(label=_("Ngày ký cam kết"), required=False)
    interview_on = VnDateField(label=_("Ngày gặp gỡ, tìm hiểu hoàn cảnh"), required=False)
    interview_notes = forms.CharField(
        label=_("Ghi chép buổi gặp"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def to_data(self) -> IntakeData:
        data = dict(self.cleaned_data)
        data.pop("version")
        return IntakeData(**data)


class SentenceForm(forms.Form):
    judgment_number = forms.CharField(label=_("Số bản án"), max_length=60)
    judgment_date = VnDateField(label=_("Ngày tuyên án"))
    court = forms.CharField(label=_("Tòa án"), max_length=200)
    main_penalty = forms.ChoiceField(label=_("Hình phạt chính"), choices=MainPenalty.choices)
    prison_months = forms.IntegerField(label=_("Thời hạn tù (tháng)"), required=False)
    probation_months = forms.IntegerField(label=_("Thử thách án treo (tháng)"), required=False)
    fine_vnd = forms.IntegerField(label=_("Số tiền phạt (đồng)"), required=False, min_value=0)
    age_at_offence = forms.IntegerField(label=_("Tuổi khi phạm tội"), required=False)
    prison_facility = forms.CharField(label=_("Trại giam"), max_length=200, required=False)
    release_date = VnDateField(label=_("Ngày ra trại"), required=False)
    release_type = forms.ChoiceField(
        label=_("Hình thức ra trại"), choices=[("", "—"), *ReleaseType.choices], required=False
    )
    conditional_probation_end = VnDateField(
        label=_("Hết thử thách (tha tù trước thời hạn có điều kiện)"), required=False
    )
    release_certificate_no = forms.CharField(
        label=_("Số giấy chứng nhận chấp hành xong án phạt tù"), max_length=60, required=False
    )
    offence_article = forms.IntegerField(label=_("Điều luật (BLHS 2015)"), min_value=1)
    offence_clause = forms.CharField(label=_("Khoản, điểm"), max_length=40, required=False)
    offence_name = forms.CharField(label=_("Tội danh"), max_length=200)
    offence_category = forms.ChoiceField(label=_("Loại tội phạm"), choices=CrimeCategory.choices)
    offence_culpability = forms.ChoiceField(
        label=pgettext_lazy("culpability", "Lỗi"),
        choices=Culpability.choices,
        initial=Culpability.INTENTIONAL,
    )
    penalty_kind = forms.ChoiceField(
        label=_("Hình phạt bổ sung"),
        choices=[("", "—"), *AdditionalPenaltyKind.choices],
        required=False,
    )
    penalty_ends_on = VnDateField(label=_("Hình phạt bổ sung kết thúc ngày"), required=False)
    obligation_kind = forms.ChoiceField(
        label=_("Nghĩa vụ theo bản án"),
        choices=[("", "—"), *ObligationKind.choices],
        required=False,
    )
    obligation_amount_vnd = forms.IntegerField(
        label=_("Số tiền nghĩa vụ (đồng)"), required=False, min_value=0
    )
    obligation_fulfilled_on = VnDateField(label=_("Ngày hoàn thành nghĩa vụ"), required=False)

    def to_data(self) -> SentenceData:
        data = dict(self.cleaned_data)
        offence = OffenceData(
            article=data.pop("offence_article"),
            clause=data.pop("offence_clause"),
            name=data.pop("offence_name"),
            category=data.pop("offence_category"),
            culpability=data.pop("offence_culpability"),
        )
        penalty_kind = data.pop("penalty_kind")
        penalty_ends_on = data.pop("penalty_ends_on")
        penalties = (
            [AdditionalPenaltyData(kind=penalty_kind, ends_on=penalty_ends_on)]
            if penalty_kind
            else []
        )
        obligation_kind = data.pop("obligation_kind")
        amount = data.pop("obligation_amount_vnd")
        fulfilled = data.pop("obligation_fulfilled_on")
        obligations = (
            [ObligationData(kind=obligation_kind, amount_vnd=amount, fulfilled_on=fulfilled)]
            if obligation_kind
            else []
        )
        kept = {f.name for f in dataclass_fields(SentenceData)}  # not a subclass's version
        return SentenceData(
            offences=[offence],
            additional_penalties=penalties,
            obligations=obligations,
            **{name: value for name, value in data.items() if name in kept},
        )


class SentenceCorrectForm(SentenceForm):
    """A sentence typed wrong, put right. The form shows the first offence, additional
    penalty and obligation (those a new sentence has); any others the sentence holds (from
    an import or the API) are kept as they are, and so are the fields of the first ones the
    form does not show (``to_correction``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do sửa"),
        max_length=300,
        help_text=_("Ví dụ: nhập nhầm ngày ra trại, đối chiếu lại giấy chứng nhận."),
    )

    @staticmethod
    def initial_for(sentence: Sentence) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: getattr(sentence, name)
            for name in SentenceForm.base_fields
            if not name.startswith(("offence_", "penalty_", "obligation_"))
        }
        values["version"] = sentence.version
        offence = sentence.offences.order_by("id").first()
        if offence is not None:
            values.update(
                offence_article=offence.article,
                offence_clause=offence.clause,
                offence_name=offence.name,
                offence_category=offence.category,
                offence_culpability=offence.culpability,
            )
        penalty = sentence.additional_penalties.order_by("id").first()
        if penalty is not None:
            values.update(penalty_kind=penalty.kind, penalty_ends_on=penalty.ends_on)
        obligation = sentence.obligations.order_by("id").first()
        if obligation is not None:
            values.update(
                obligation_kind=obligation.kind,
                obligation_amount_vnd=obligation.amount_vnd,
                obligation_fulfilled_on=obligation.fulfilled_on,
            )
        return values

    def to_correction(self, sentence: Sentence) -> SentenceData:
        data = self.to_data()
        offences = list(sentence.offences.order_by("id"))
        penalties = list(sentence.additional_penalties.order_by("id"))
        obligations = list(sentence.obligations.order_by("id"))
        if data.additional_penalties and penalties:
            first = data.additional_penalties[0]
            if first.kind == penalties[0].kind:
                first.duration_months = penalties[0].duration_months
                first.completed_on = penalties[0].completed_on
        data.offences += [
            OffenceData(
                article=o.article,
                clause=o.clause,
                name=o.name,
                category=o.category,
                culpability=o.culpability,
            )
            for o in offences[1:]
        ]
        data.additional_penalties += [
            AdditionalPenaltyData(
                kind=p.kind,
                duration_months=p.duration_months,
                ends_on=p.ends_on,
                completed_on=p.completed_on,
            )
            for p in penalties[1:]
        ]
        data.obligations += [
            ObligationData(kind=b.kind, amount_vnd=b.amount_vnd, fulfilled_on=b.fulfilled_on)
            for b in obligations[1:]
        ]
        return data


class SentenceDeleteForm(ConfirmedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do xóa"),
        max_length=300,
        help_text=_("Ví dụ: nhập trùng một bản án đã có; bản án của người khác."),
    )
    confirm = forms.BooleanField(
        error_messages={
            "required": _("Bản án chưa bị xóa: đánh dấu ô này để xác nhận, rồi bấm “Xóa bản án”.")
        }
    )

    def __init__(self, *args: Any, sentence: Sentence, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        what = {"date": f"{sentence.judgment_date:%d/%m/%Y}", "number": sentence.judgment_number}
        self.fields["confirm"].label = (
            _("Tôi xác nhận xóa bản án số %(number)s ngày %(date)s khỏi hồ sơ.") % what
        )
        self.warning = [
            gettext(
                "Bản án số %(number)s ngày %(date)s cùng các tội danh, hình phạt bổ sung và "
                "nghĩa vụ của nó bị xóa khỏi hồ sơ; ngày xóa án tích được tính lại từ các bản "
                "án còn lại. Không khôi phục được: nếu chỉ nhập sai, hãy dùng “Sửa bản án”."
            )
            % what
        ]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm tên hoặc số CCCD"), max_length=100, required=False)
    commune = forms.CharField(label=_("Mã xã"), max_length=12, required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("Tất cả")), *PersonStatus.choices], required=False
    )
    release_year = forms.IntegerField(
        label=_("Năm ra trại"), required=False, min_value=1975, max_value=2100
    )
    release_type = forms.ChoiceField(
        label=_("Hình thức ra trại"),
        choices=[("", _("Tất cả")), *ReleaseType.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        choices=[("-id", _("Mới lập trước")), ("name", _("Tên A-Z")), ("-name", _("Tên Z-A"))],
        required=False,
    )


class MergeForm(ConfirmedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(
        label=_("Số hồ sơ trùng cần gộp vào hồ sơ này"),
        help_text=_("Hồ sơ trùng được giữ lại làm lịch sử, bản án và thông báo chuyển sang đây."),
    )
    confirm = forms.BooleanField(
        error_messages={
            "required": _("Hồ sơ chưa được gộp: đánh dấu ô này để xác nhận, rồi bấm “Gộp hồ sơ”.")
        }
    )

    def __init__(self, *args: Any, keep: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kept = {"id": keep.pk, "name": keep.full_name}
        self.fields["confirm"].label = (
            _(
                "Tôi xác nhận hai hồ sơ là của cùng một người: hồ sơ trùng có số đã nhập ở trên "
                "sẽ được gộp vào hồ sơ #%(id)s %(name)s và không còn là hồ sơ riêng. Không "
                "tách lại được."
            )
            % kept
        )
        self.warning = [
            gettext(
                "Bản án, thông báo, nơi cư trú, phân loại, tái phạm và giấy tờ xóa án tích của "
                "hồ sơ trùng chuyển sang hồ sơ #%(id)s %(name)s; ô còn trống của hồ sơ này được "
                "điền từ hồ sơ trùng."
            )
            % kept,
            gettext(
                "Hồ sơ trùng kết thúc quản lý, không còn trong danh sách, chỉ giữ làm lịch sử. "
                "Không tách lại được: kiểm tra số hồ sơ trùng trước khi bấm “Gộp hồ sơ”."
            ),
        ]

    def name_duplicate(self, duplicate: Person, keep: Person) -> None:
        """Say which file goes into which, once the number typed is one of those listed."""
        self.warning.insert(
            0,
            gettext("Hồ sơ #%(dup_id)s %(dup_name)s sẽ được gộp vào hồ sơ #%(id)s %(name)s.")
            % {
                "dup_id": duplicate.pk,
                "dup_name": duplicate.full_name,
                "id": keep.pk,
                "name": keep.full_name,
            },
        )


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Tình trạng mới"),
        choices=[
            (PersonStatus.MANAGED, PersonStatus.MANAGED.label),
            (PersonStatus.IN_CUSTODY, PersonStatus.IN_CUSTODY.label),
            (PersonStatus.CLOSED, PersonStatus.CLOSED.label),
        ],
    )
    closure_reason = forms.ChoiceField(
        label=_("Lý do kết thúc"),
        # merging has its own page; expungement is recorded with its certificate or decision;
        # someone who moved is transferred, never closed (the new commune would not get them)
        choices=[
            ("", "—"),
            *[
                c
                for c in ClosureReason.choices
                if c[0]
                not in (ClosureReason.MERGED, ClosureReason.EXPUNGED, ClosureReason.TRANSFERRED_OUT)
            ],
        ],
        required=False,
    )
    on = VnDateField(label=_("Từ ngày"))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Ảnh chân dung (JPEG hoặc PNG, tối đa 5 MB)"))
