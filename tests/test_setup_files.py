"""The files a fresh clone, the docker image and CI are built from (issue #15, item 25)."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "ruff",
    "playwright",
    "hypothesis",
    "aiosmtpd",
    "factory-boy",
    "pypdf",
}


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-r")):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _env_example() -> dict[str, str]:
    found = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def _variables_read_by_settings() -> set[str]:
    text = "".join(path.read_text() for path in (ROOT / "ake" / "settings").glob("*.py"))
    found = set(re.findall(r'env(?:\.(?:bool|int|float|list|db))?\("([A-Z][A-Z0-9_]+)"', text))
    # Set by the test suite for its own processes, never by an operator.
    return found - {"AKE_CELERY_EAGER", "AKE_TEST_SMTP_PORT"}


def _readme_variables() -> set[str]:
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {
        name
        for row in section.splitlines()
        if row.startswith("|")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)
    }


def test_the_egg_info_folder_is_not_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".egg-info/" not in tracked


def test_the_docker_image_leaves_out_the_virtualenv_the_data_and_the_secrets():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".venv", ".data", ".env", ".git"} <= ignored


def test_env_example_agrees_with_itself_the_readme_and_the_code():
    example = _env_example()
    password = re.match(r"postgres://[^:]+:([^@]*)@", example["DATABASE_URL"]).group(1)
    assert password == example["POSTGRES_PASSWORD"]
    read = _variables_read_by_settings()
    assert read - set(example) == set(), "read by the settings but not in .env.example"
    assert read - _readme_variables() == set(), "read by the settings but not in the README's table"
    documented = _readme_variables() - {"DJANGO_SETTINGS_MODULE"}
    assert documented - read == set(), "in the README's table but read nowhere"


def test_runtime_and_test_requirements_are_locked_apart():
    runtime = _pins(ROOT / "requirements.lock")
    test_lock = ROOT / "requirements-test.lock"
    assert "-r requirements.lock" in test_lock.read_text().splitlines()
    assert TEST_TOOLS & set(runtime) == set()
    assert set(_pins(test_lock)) >= TEST_TOOLS
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for group in [project["dependencies"], *project["optional-dependencies"].values()]:
        names = [re.split(r"[<>=\[ ]", requirement)[0].lower() for requirement in group]
        assert len(names) == len(set(names)), f"listed twice: {group}"


def _service(compose: str, name: str) -> str:
    """The lines of one service of docker-compose.yml (read as text: PyYAML is not a dependency)."""
    block = compose.split(f"\n  {name}:\n", 1)[1]
    return re.split(r"\n  [a-z]+:\n|\n[a-z]", block, maxsplit=1)[0]


def test_worker_and_beat_start_after_the_migrations():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "command: python manage.py migrate --no-input" in _service(compose, "migrate")
    web = _service(compose, "web")
    assert "depends_on: &after_migrate" in web and "migrate" not in web.split("command:", 1)[1].split("\n")[0]
    after_migrate = web.split("depends_on: &after_migrate", 1)[1]
    assert re.search(r"migrate:\s+condition: service_completed_successfully", after_migrate)
    for name in ("worker", "beat"):
        assert "depends_on: *after_migrate" in _service(compose, name)


def test_setup_shows_the_errors_of_starting_the_embedded_database():
    setup = (ROOT / "ake" / "scripts" / "setup.sh").read_text()
    line = next(line for line in setup.splitlines() if "embedded_db.py" in line)
    assert "2>/dev/null" not in line and "2>&1" not in line


def test_make_run_on_another_port_puts_that_port_in_the_links_of_its_mail():
    # `AKE_PORT=8007 make run` served on 8007 but the confirmation mails it wrote linked to :8000,
    # another checkout's server or none at all.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"AKE_SITE_URL", "AKE_PORT", "DJANGO_SETTINGS_MODULE"}
    }
    code = "from django.conf import settings; print(settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL)"

    def site_url(**extra):
        run = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "ake.settings.dev", **extra},
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout.split()

    assert site_url(AKE_PORT="8007") == ["http://127.0.0.1:8007"] * 2
    assert site_url() == ["http://127.0.0.1:8000"] * 2
    assert (
        site_url(AKE_PORT="8007", AKE_SITE_URL="https://extranet.example.fi")
        == ["https://extranet.example.fi"] * 2
    )
