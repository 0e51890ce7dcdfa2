"""`make run`: database, broker, migrations, demo data, web server and Celery worker in one go.

With no DATABASE_URL an embedded PostgreSQL starts in .local/postgres, and with no BROKER_URL
Celery uses kombu's SQL transport on it (see config/embedded.py). With no STRIPE_SECRET_KEY the
local Stripe double starts too (billing/local_double.py): subscribing works with the test card.
"""

from __future__ import annotations

import argparse
import atexit
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--stop", action="store_true", help="stop the embedded PostgreSQL")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BASE_PORT", args.port)
    if args.stop:
        return stop_embedded()
    stripe_double = None
    if not os.environ.get("STRIPE_SECRET_KEY"):
        from billing import local_double

        domain = os.environ.get("BASE_DOMAIN", "localhost")
        stripe_double, stripe_env = local_double.start(
            port=int(os.environ.get("STRIPE_LOCAL_PORT", local_double.DEFAULT_PORT)),
            webhook_url=f"http://{domain}:{args.port}/stripe/webhook/",
        )
        os.environ.update(stripe_env)
        atexit.register(stripe_double.terminate)  # also when set-up fails before the loop

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate_schemas", "--shared", verbosity=0)
    call_command("migrate_all_schemas", verbosity=1)
    if stripe_double is not None:
        from billing.services.subscriptions import reset_local_double_state

        reset_local_double_state()  # the double starts empty: forget the last run's ids
    call_command("seed_demo")
    call_command("collectstatic", interactive=False, verbosity=0)

    env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL, "BROKER_URL": settings.BROKER_URL}
    python = sys.executable
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--beat",
                "--loglevel=WARNING",
                "--concurrency=2",
                "--schedule",
                str(BASE_DIR / ".local" / "celerybeat-schedule"),
            ],
            env=env,
        ),
        subprocess.Popen(  # noqa: S603
            [python, "manage.py", "runserver", f"0.0.0.0:{args.port}"], env=env, cwd=BASE_DIR
        ),
    ]
    if stripe_double is not None:
        processes.append(stripe_double)
    print_welcome(
        settings.BASE_DOMAIN,
        args.port,
        settings.USING_EMBEDDED_POSTGRES,
        stripe_double=stripe_double is not None,
    )
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


def print_welcome(domain: str, port: str, embedded: bool, *, stripe_double: bool = False) -> None:
    from tenants.management.commands.seed_demo import DEMO_PASSWORD, ORGANISATIONS, PEOPLE

    lines = [
        "",
        "WeCreate is running" + (" (embedded PostgreSQL in .local/postgres)" if embedded else ""),
        f"  Public network:  http://{domain}:{port}/",
    ]
    lines += [f"  {name}:  http://{slug}.{domain}:{port}/" for name, slug, _ in ORGANISATIONS]
    lines += ["", f"  Demo logins (password: {DEMO_PASSWORD}):"]
    lines += [f"    {email:32} {name}" for email, name in PEOPLE]
    if stripe_double:
        lines += [
            "",
            "  Payments: local Stripe double (no real Stripe); test card 4242 4242 4242 4242,",
            "  any future expiry date, any CVC. Subscriptions are forgotten at the next start.",
        ]
    lines += ["  Stop with Ctrl-C.", ""]
    print("\n".join(lines), flush=True)


def stop_embedded() -> int:
    from config import embedded

    print(
        "embedded PostgreSQL stopped"
        if embedded.stop_embedded()
        else "embedded PostgreSQL is not running"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
