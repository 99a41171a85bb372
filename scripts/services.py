"""Private PostgreSQL and Redis servers for the scaled configuration (`make run-scaled`, `make test-scaled`).

Several Rasa processes need a shared conversation store (PostgreSQL) and a
shared lock store (Redis). A city runs both as its own services and sets
TRACKER_STORE_URL and LOCK_STORE_URL (docs/betrieb.md); for trying the scaled
configuration on one machine and for the tests, the launcher starts its own
instances from Debian's packages (scripts/install-services.sh):

- each listens on 127.0.0.1 only, on a free port, and wants a password (random;
  PostgreSQL's is kept in the data dir for a cluster that outlives the run); the
  passwords reach the servers through files of mode 600, never a command line;
- PostgreSQL's unix socket lies in the cluster's own directory (mode 700), where
  only the server's user may connect without a password;
- Redis writes nothing to disk: the lock store holds locks for seconds only;
- PostgreSQL refuses to run as root, so as root both servers run as the user
  `postgres` that Debian's package creates (`nobody` where it does not exist),
  and their directory belongs to that user;
- both stop with the block that started them (and, on Linux, with the launcher).

Readiness is awaited by connecting with a timeout, never by sleeping a fixed time.
"""

import glob
import hashlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional
from urllib.parse import quote

from common.env import secret_file
from common.logfiles import RotatingLog, copy_lines
from scripts.stack import free_port, in_child  # scripts.stack imports this module only when it starts services

POSTGRES_USER = "stadtbot"  # the cluster's superuser, the one Rasa connects as
TRACKER_DATABASE = "rasa"  # Rasa's conversations (owner: the Rasa server)
COPY_DATABASE = "conversation_copy"  # the staff web's copy of them (owner: the backend, backend/conversation_copy.py)
PASSWORD_FILE = "postgres-password"  # in the data dir: the password of a cluster that outlives the run
HOST = "127.0.0.1"
UNIX_PATH_MAX = 100  # sun_path holds 108 bytes; keep a margin


class ServiceError(RuntimeError):
    pass


@dataclass(frozen=True)
class Postgres:
    port: int
    password: str
    socket_dir: Path
    pid: int

    def url(self, database: str = TRACKER_DATABASE) -> str:
        return f"postgresql://{POSTGRES_USER}:{quote(self.password, safe='')}@{HOST}:{self.port}/{database}"


@dataclass(frozen=True)
class Redis:
    port: int
    password: str
    pid: int

    def url(self, db: int = 0) -> str:
        return f"redis://:{quote(self.password, safe='')}@{HOST}:{self.port}/{db}"


# --- finding the programs and the user they run as -------------------------------------------------------


def find_program(name: str) -> str:
    """`name` on the PATH, else in Debian's versioned PostgreSQL directory (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        if os.access(f"{folder}/{name}", os.X_OK):
            return f"{folder}/{name}"
    raise ServiceError(f"{name} not found: run scripts/install-services.sh (Debian's postgresql and redis-server)")


def _version(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def service_user() -> Optional[pwd.struct_passwd]:
    """Who the servers run as: None (the launcher's own user) unless the launcher is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ServiceError("running as root, but neither the user 'postgres' nor 'nobody' exists to run PostgreSQL")


def _hand_over(path: Path, user: Optional[pwd.struct_passwd]) -> None:
    """Give the servers' directory (and what is in it) to the user they run as."""
    if user is None:
        return
    for folder, _dirs, files in os.walk(path):
        os.chown(folder, user.pw_uid, user.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), user.pw_uid, user.pw_gid)


def _as(user: Optional[pwd.struct_passwd]) -> dict:
    """subprocess arguments for a server: a bare environment (the launcher's holds the assistant's secrets) and,
    as root, `user` set in the child itself (no su/runuser in between: signals go straight to the server)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    if user is None:
        return {"env": env}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "env": {**env, "HOME": user.pw_dir}}


# --- running one server -------------------------------------------------------------------------------------


@contextmanager
def _server(name: str, command: List[str], log_dir: Path, user, cwd: Path) -> Iterator[subprocess.Popen]:
    """Run a server for the duration of the block, its output in <log dir>/<name>.log; stop it at the end."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out = RotatingLog(log_dir / f"{name}.log")
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=in_child, **_as(user))
    copying = copy_lines(proc.stdout, out)
    try:
        yield proc
    finally:
        _stop(proc, signal.SIGINT if name == "postgres" else signal.SIGTERM)
        copying.join(timeout=5)
        out.close()


def _stop(proc: subprocess.Popen, signum: int, timeout: float = 30) -> None:
    """SIGINT is PostgreSQL's fast shutdown (ends open sessions, writes a clean checkpoint)."""
    if proc.poll() is None:
        proc.send_signal(signum)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait(check, proc: subprocess.Popen, name: str, log: Path, timeout: float) -> None:
    """Call `check()` until it succeeds; fail early when the server died, or after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    error: Exception = ServiceError("never tried")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServiceError(f"{name} exited with code {proc.returncode}; see {log}:\n{_tail(log)}")
        try:
            check()
            return
        except Exception as failed:  # not accepting connections yet
            error = failed
        time.sleep(0.2)
    raise ServiceError(f"{name} did not answer within {timeout:.0f} s ({error}); see {log}:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def _private_dir(prefix: str, user) -> Path:
    """A fresh directory (mode 700) in the system's temp folder, which the service user can reach."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    _hand_over(path, user)
    return path


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def cluster_dir(data_dir: Path, user) -> Path:
    """Where a cluster that outlives the run lives: <data dir>/postgres, or as root (the data dir is mode 700,
    the server's user cannot reach into it) in that user's home, named after the data dir."""
    if user is None:
        return Path(data_dir) / "postgres"
    name = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    return Path(user.pw_dir) / f"stadtbot-{name}"


def _initdb(folder: Path, password: str, user, log_dir: Path, temporary: bool) -> None:
    """A new cluster in folder/data: superuser `stadtbot`, password over TCP, trust on its private socket."""
    pwfile = folder / "initdb-password"
    fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(password)
    _hand_over(folder, user)
    command = [find_program("initdb"), "-D", str(folder / "data"), "-U", POSTGRES_USER, "--pwfile", str(pwfile),
               "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale"]
    if temporary:
        command.append("--no-sync")  # a test cluster is thrown away: no need to wait for the disk
    try:
        result = subprocess.run(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180,
                                **_as(user))
    finally:
        pwfile.unlink(missing_ok=True)
    log = RotatingLog(log_dir / "postgres.log")  # private (600), like every log of the assistant
    log.write(result.stdout)
    log.close()
    if result.returncode != 0:
        raise ServiceError(f"initdb failed (code {result.returncode}); see {log_dir / 'postgres.log'}")


def _postgres_command(folder: Path, port: int, temporary: bool) -> List[str]:
    # A unix socket's path may have about 100 characters; a deeper cluster gets none (TCP is what Rasa uses).
    sockets = str(folder) if len(f"{folder}/.s.PGSQL.{port}") < UNIX_PATH_MAX else ""
    command = [find_program("postgres"), "-D", str(folder / "data"), "-p", str(port),
               "-c", f"listen_addresses={HOST}", "-c", f"unix_socket_directories={sockets}",
               "-c", "unix_socket_permissions=0700", "-c", "logging_collector=off"]
    if temporary:
        # A test cluster is thrown away: commits need not reach the disk (each turn of Rasa commits).
        command += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    return command


def _connect(port: int, password: str, database: str = "postgres"):
    import psycopg2  # Rasa's own dependency (.venv), where the launcher runs

    return psycopg2.connect(host=HOST, port=port, user=POSTGRES_USER, password=password, dbname=database,
                            connect_timeout=3)


def _create_database(port: int, password: str, database: str) -> None:
    """Rasa's tracker store and the backend need their databases to exist (neither creates one)."""
    connection = _connect(port, password)
    try:
        connection.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{database}"')
    finally:
        connection.close()


@contextmanager
def postgres(log_dir: Path, data_dir: Optional[Path] = None, timeout: float = 120) -> Iterator[Postgres]:
    """A private PostgreSQL for the block: in a temporary directory (removed at the end), or, with `data_dir`,
    in a cluster that outlives the run (its password in <data dir>/postgres-password)."""
    user = service_user()
    log_dir.mkdir(parents=True, exist_ok=True)
    temporary = data_dir is None
    folder = _private_dir("stadtbot-postgres-", user) if temporary else cluster_dir(data_dir, user)
    password = secrets.token_urlsafe(24) if temporary else secret_file(Path(data_dir) / PASSWORD_FILE)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not (folder / "data" / "PG_VERSION").exists():
            _initdb(folder, password, user, log_dir, temporary)
        port = free_port()
        with _server("postgres", _postgres_command(folder, port, temporary), log_dir, user, folder) as proc:
            _wait(lambda: _connect(port, password).close(), proc, "PostgreSQL", log_dir / "postgres.log", timeout)
            for database in (TRACKER_DATABASE, COPY_DATABASE):
                _create_database(port, password, database)
            yield Postgres(port=port, password=password, socket_dir=folder, pid=proc.pid)
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


# --- Redis --------------------------------------------------------------------------------------------------


def _redis_config(folder: Path, port: int, password: str) -> Path:
    """The configuration file (mode 600): the password stays off the command line, where `ps` shows it."""
    path = folder / "redis.conf"
    lines = [f"bind {HOST}", f"port {port}", "protected-mode yes", f"requirepass {password}",
             'save ""', "appendonly no", f"dir {folder}", "daemonize no", 'logfile ""']
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("\n".join(lines) + "\n")
    return path


def _ping(port: int, password: str) -> None:
    import redis  # Rasa's own dependency (.venv)

    client = redis.Redis(host=HOST, port=port, password=password, socket_timeout=3)
    try:
        if not client.ping():
            raise ServiceError("no PONG")
    finally:
        client.close()


@contextmanager
def redis_server(log_dir: Path, timeout: float = 60) -> Iterator[Redis]:
    """A private Redis for the block (Rasa's lock store: nothing written to disk), in a temporary directory."""
    user = service_user()
    folder = _private_dir("stadtbot-redis-", user)
    try:
        port, password = free_port(), secrets.token_urlsafe(24)
        config = _redis_config(folder, port, password)
        _hand_over(folder, user)
        with _server("redis", [find_program("redis-server"), str(config)], log_dir, user, folder) as proc:
            _wait(lambda: _ping(port, password), proc, "Redis", log_dir / "redis.log", timeout)
            yield Redis(port=port, password=password, pid=proc.pid)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
