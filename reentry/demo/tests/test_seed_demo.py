import pytest
from django.core.management import call_command
from django.test import Client

from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.demo.generator import DEMO_PASSWORD, DEMO_USERS, plan_demo_users, seed_demo

pytestmark = pytest.mark.django_db


def test_demo_has_every_role_in_the_seed_places():
    seed_demo(seed=1)
    users = User.objects.filter(username__in=[spec.username for spec in DEMO_USERS])
    assert set(users.values_list("role", flat=True)) == set(Role.values)
    codes = set(users.values_list("scope_unit__code", flat=True))
    assert {"38", "15865", "31", "11341", "11359", "68", "24697", "24688", "VN"} <= codes


def test_seed_is_idempotent_and_deterministic():
    first = seed_demo(seed=7)
    names = dict(User.objects.values_list("username", "full_name"))
    second = seed_demo(seed=7)
    assert len(first.created) == len(DEMO_USERS)
    assert second.created == []
    assert dict(User.objects.values_list("username", "full_name")) == names
    # the same seed plans the same people; another seed plans others
    assert [name for _spec, name in plan_demo_users(seed=7)] == [
        names[spec.username] for spec in DEMO_USERS
    ]
    assert plan_demo_users(seed=7) != plan_demo_users(seed=8)


def test_demo_commune_officer_logs_in_and_sees_their_commune(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert "ca.hoanghoa" in out
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "ca.hoanghoa", "password": DEMO_PASSWORD}, follow=True
    )
    assert "Xác thực hai lớp" in response.content.decode()  # the demo account is enrolled
    # the secret printed is the account's; demo_totp prints its current code
    from reentry.accounts.two_factor import demo_secret_of

    assert demo_secret_of(User.objects.get(username="ca.hoanghoa")) in out
    call_command("demo_totp", "ca.hoanghoa")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6
    assert code.isdigit()
    response = client.post("/accounts/2fa/", {"code": code, "next": "/"}, follow=True)
    assert "Xã Hoằng Hóa" in response.content.decode()


def test_demo_totp_is_only_for_accounts_seed_demo_made(make_user):
    from django.core.management import CommandError

    make_user(Role.COMMUNE_OFFICER, "15865", username="ca.that")
    with pytest.raises(CommandError, match="không phải tài khoản mẫu") as excinfo:
        call_command("demo_totp", "ca.that")
    assert excinfo.value.returncode == 2
    with pytest.raises(CommandError, match="không phải tài khoản mẫu"):
        call_command("demo_totp", "khong.ai")


def test_demo_files_have_sentences_notices_and_a_mix_of_situations():
    from reentry.persons.models import Person, ReleaseNotice, Sentence
    from reentry.reports.models import ReportSubmission

    call_command("seed_demo", "--persons", "40")
    assert Person.objects.count() == 40
    assert Sentence.objects.count() == 40
    assert ReleaseNotice.objects.count() == 40
    assert {"awaiting", "managed"} <= set(Person.objects.values_list("status", flat=True))
    assert Sentence.objects.filter(release_type="conditional").exists()
    statuses = ReportSubmission.objects.values_list("status", flat=True)
    assert sorted(statuses) == ["approved", "returned", "submitted"]  # one of each to see
    call_command("seed_demo", "--persons", "40")
    assert Person.objects.count() == 40  # idempotent
    call_command("seed_demo", "--persons", "45")
    assert Person.objects.count() == 45  # scales up to N


def test_bulk_files_obey_the_same_rules_as_the_services(make_user):
    from reentry.demo.bulk import seed_persons_bulk
    from reentry.law.identity import check_cccd_matches, parse_cccd
    from reentry.law.intake import residence_check_deadline
    from reentry.persons.models import Person, ReleaseNotice, Residence

    make_user("commune_officer", "15865")
    result = seed_persons_bulk(seed=3, count=120)
    assert result.created == Person.objects.count() == 120
    # a residence open for each file, but those closed as expunged: theirs ended that day
    closed = Person.objects.filter(status="closed")
    assert Residence.objects.filter(ended_on__isnull=True).count() == 120 - closed.count()
    for person in closed:
        assert [r.ended_on for r in person.residences.all()] == [person.closed_on]
    for person in Person.objects.exclude(national_id_hash=""):
        cccd = parse_cccd(person.national_id)
        assert check_cccd_matches(cccd, gender=person.gender, birth_year=person.birth_year) == []
        assert person.commune_path == person.commune.path
    for notice in ReleaseNotice.objects.all()[:30]:
        assert notice.residence_check_due == residence_check_deadline(notice.received_on)
    provinces = {p.split("/")[1] for p in Person.objects.values_list("commune_path", flat=True)}
    assert len(provinces) > 20  # spread over the country


def test_bulk_files_get_support_after_their_release_by_a_commune_officer(make_user):
    from django.db.models import Count, F
    from django.utils import timezone

    from reentry.core.errors import DomainError
    from reentry.demo.bulk import seed_persons_bulk
    from reentry.persons.models import Person
    from reentry.support.models import MONEY_KINDS, Employment, Loan, SupportActivity

    with pytest.raises(DomainError, match="Công an xã"):
        seed_persons_bulk(seed=4, count=10)  # who would have recorded them?
    assert seed_persons_bulk(seed=4, count=10, activities=0).created == 10  # files only
    assert not SupportActivity.objects.exists()
    officer = make_user("commune_officer", "15865")
    seed_persons_bulk(seed=5, count=300, activities=20)
    released = Person.objects.filter(sentences__release_date__isnull=False)
    per_file = released.annotate(n=Count("activities")).values_list("n", flat=True)
    assert max(per_file) <= 40
    assert 15 <= SupportActivity.objects.count() / len(per_file) <= 25  # about 20 each
    assert not SupportActivity.objects.filter(person__status="awaiting").exists()
    assert not SupportActivity.objects.filter(
        occurred_on__lt=F("person__sentences__release_date")
    ).exists()
    assert not SupportActivity.objects.filter(occurred_on__gt=timezone.localdate()).exists()
    assert set(SupportActivity.objects.values_list("recorded_by", flat=True)) == {officer.pk}
    money = SupportActivity.objects.filter(kind__in=MONEY_KINDS)
    assert money.exists()
    assert not money.filter(amount_vnd__isnull=True).exists()
    assert 10 <= Loan.objects.count() <= 60  # one in ten
    assert 50 <= Employment.objects.count() <= 150  # one in three


def test_the_demo_initiative_member_sees_the_people_of_their_tổ_3_1():
    from reentry.persons.selectors import PersonFilters, person_list

    call_command("seed_demo", "--persons", "60")
    member = User.objects.get(username="mohinh.hoanghoa")
    rows = person_list(actor=member, filters=PersonFilters()).rows
    assert rows
    assert {p.commune.code for p in rows} == {"15865"}
    client = Client()
    client.force_login(member)
    html = client.get("/initiatives/").content.decode()
    assert "Tổ 3/1 thôn 3, xã Hoằng Hóa" in html
    assert "5+1" not in html


def test_the_demo_shows_oversight_and_plans_on_the_commune_worklist():
    call_command("seed_demo", "--persons", "60")
    officer = User.objects.get(username="ca.hoanghoa")
    client = Client()
    client.force_login(officer)
    worklist = client.get("/worklist/").content.decode()
    assert "Thực hiện kiến nghị: Rà soát nhu cầu vay vốn" in worklist
    assert "Cập nhật sổ theo dõi" not in worklist  # done: off the list
    inspections = client.get("/oversight/").content.decode()
    assert "Đoàn kiểm tra liên ngành Ban Chỉ đạo 138 tỉnh Thanh Hóa" in inspections
    assert "Ngô Quyền" not in inspections
    commendations = client.get("/oversight/commendations/").content.decode()
    assert "2 lượt tập thể, 2 lượt cá nhân được khen thưởng." in commendations
    assert client.get("/persons/?q=").status_code == 200
    from reentry.support.models import NeedsAssessment, SupportPlan

    assert NeedsAssessment.objects.exists()
    assert SupportPlan.objects.exists()


def test_the_demo_classifies_most_people_a_or_b():
    from collections import Counter

    from reentry.outcomes.models import Classification

    call_command("seed_demo", "--persons", "60")
    grades = Counter(Classification.objects.values_list("grade", flat=True))
    assert grades["A"] + grades["B"] > 0.75 * sum(grades.values())
    assert grades["C"] + grades["D"] > 0
    from reentry.outcomes.models import Reoffence

    call_command("seed_demo", "--persons", "150")
    assert 0 < Reoffence.objects.count() < 0.15 * 150  # a small share reoffend


def test_a_negative_count_of_acts_of_help_is_refused_with_its_name():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--activities phải là số không âm"):
        call_command("seed_demo", "--persons", "0", "--activities", "-1")
