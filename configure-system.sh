#!/usr/bin/env bash
# Turn this Debian/Ubuntu machine into a Slipway server. Safe to run again: a second run changes nothing.
#   sudo ./configure-system.sh
#   sudo SLIPWAY_DOMAIN=example.test ./configure-system.sh   # serve app "myapp" at myapp.example.test
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=${SLIPWAY_STATE:-/var/lib/slipway}
INSTALL_DIR=${SLIPWAY_INSTALL_DIR:-/opt/slipway}
GIT_USER=git
GIT_HOME=/home/git
VHOST_DIR=/etc/nginx/slipway
AUTH_DIR=/etc/nginx/slipway-auth
ACME_WEBROOT=/var/lib/slipway-acme
NGINX_GROUP=www-data
LOG_DIR=/var/log/slipway
CHANGES=0
INSTALLED_NEW=0

step() { echo "-----> $*"; }
changed() { CHANGES=$((CHANGES + 1)); step "$@"; }
fail() { echo " !     $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root: sudo ./configure-system.sh"
command -v apt-get >/dev/null || fail "this script needs a Debian or Ubuntu machine (apt-get not found)"

has_systemd() { [ -d /run/systemd/system ]; }

# Which init keeps app containers running; upstart was the init of the Ubuntu 12.04-era hosts.
pick_supervisor() {
  if has_systemd; then echo systemd
  elif command -v initctl >/dev/null && initctl version 2>/dev/null | grep -q upstart; then echo upstart
  else echo docker
  fi
}

install_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  changed "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_system_packages() {
  step "Checking system packages"
  # restic: backups (docs/backups.md); tar streams volumes and state into it.
  local pkgs=(nginx git openssh-server sudo util-linux ca-certificates openssl restic tar)
  # An engine someone already runs (Docker's own packages, say) is used as it is.
  command -v dockerd >/dev/null || pkgs+=(docker.io)
  # What only the tests use (vagrant, shellcheck, pebble...) is installed by test/setup.sh, not here.
  install_packages "${pkgs[@]}"
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
    install_packages nodejs npm
  fi
}

# Start a daemon ourselves where no init system runs (containers, CI), then wait until it answers.
start_daemon() {
  local name=$1 check=$2; shift 2
  if eval "$check" >/dev/null 2>&1; then return 0; fi
  changed "Starting $name"
  mkdir -p "$LOG_DIR"
  setsid nohup "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  local _
  for _ in $(seq 1 120); do
    eval "$check" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  fail "$name did not start within 60s; see $LOG_DIR/$name.log"
}

start_services() {
  step "Checking services (docker, nginx, sshd)"
  if has_systemd; then
    local unit
    for unit in docker nginx ssh; do
      systemctl is-enabled --quiet "$unit" 2>/dev/null || { systemctl enable --quiet "$unit"; changed "Enabled $unit"; }
      systemctl is-active --quiet "$unit" || { systemctl start "$unit"; changed "Started $unit"; }
    done
    return 0
  fi
  start_daemon dockerd "docker info" dockerd
  start_daemon nginx "pgrep -x nginx" nginx -g "daemon off;"
  mkdir -p /run/sshd
  if ! ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1; then ssh-keygen -A >/dev/null; changed "Generated SSH host keys"; fi
  start_daemon sshd "pgrep -x sshd" /usr/sbin/sshd -D -e
}

create_git_user() {
  step "Checking the $GIT_USER user and directories"
  if ! id "$GIT_USER" >/dev/null 2>&1; then
    useradd --create-home --home-dir "$GIT_HOME" --shell /bin/bash "$GIT_USER"
    # '*' rather than '!': a locked account is refused by sshd even for keys when PAM is off.
    usermod -p '*' "$GIT_USER"
    changed "Created user $GIT_USER"
  fi
  if ! id -nG "$GIT_USER" | grep -qw docker; then usermod -aG docker "$GIT_USER"; changed "Added $GIT_USER to the docker group"; fi
  # Repositories are private: nobody but the git user (and root) reads /home/git or a repo in it.
  ensure_dir "$GIT_HOME" 750 "$GIT_USER"
  private_repos
  ensure_dir "$GIT_HOME/.ssh" 700 "$GIT_USER"
  if [ ! -f "$GIT_HOME/.ssh/authorized_keys" ]; then
    install -m 600 -o "$GIT_USER" -g "$GIT_USER" /dev/null "$GIT_HOME/.ssh/authorized_keys"
    changed "Created $GIT_HOME/.ssh/authorized_keys"
  fi
  ensure_dir "$STATE_DIR" 750 "$GIT_USER"
  ensure_dir "$VHOST_DIR" 755 "$GIT_USER"
  ensure_dir "$ACME_WEBROOT" 755 "$GIT_USER"
  ensure_auth_dir
}

# Repos made by an older Slipway were world-readable; Slipway creates new ones 0700.
private_repos() {
  local repo
  for repo in "$GIT_HOME"/*.git; do
    if [ ! -d "$repo" ] || [ -L "$repo" ] || [ "$(stat -c %a "$repo")" = 700 ]; then continue; fi
    chmod 700 "$repo"
    changed "Made $repo private (700)"
  done
}

# htpasswd files are read by nginx workers: the setgid bit gives every new file the workers' group.
ensure_auth_dir() {
  if [ ! -d "$AUTH_DIR" ]; then mkdir -p "$AUTH_DIR"; changed "Created $AUTH_DIR"; fi
  if [ "$(stat -c '%a %U %G' "$AUTH_DIR")" != "2750 $GIT_USER $NGINX_GROUP" ]; then
    chown "$GIT_USER:$NGINX_GROUP" "$AUTH_DIR"
    chmod 2750 "$AUTH_DIR"
    changed "Set $AUTH_DIR to 2750, owned by $GIT_USER:$NGINX_GROUP"
  fi
}

ensure_dir() {
  local dir=$1 mode=$2 owner=$3
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; changed "Created $dir"; fi
  if [ "$(stat -c '%a %U' "$dir")" != "$mode $owner" ]; then
    chmod "$mode" "$dir"
    chown "$owner:$owner" "$dir"
    changed "Set $dir to $mode, owned by $owner"
  fi
}

# Build in the checkout (which keeps its dev tools for `npm test`), then install a copy the git user can read.
install_slipway() {
  step "Checking Slipway in $INSTALL_DIR"
  local lock_hash
  lock_hash=$(sha256sum "$SOURCE_DIR/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$SOURCE_DIR/node_modules/.slipway-lock" 2>/dev/null)" != "$lock_hash" ]; then
    changed "Installing dependencies in $SOURCE_DIR (npm ci)"
    (cd "$SOURCE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_hash" >"$SOURCE_DIR/node_modules/.slipway-lock"
  fi
  local src_hash
  src_hash=$( (cd "$SOURCE_DIR" && cat package-lock.json tsconfig.json && find src bin -type f -print0 | sort -z | xargs -0 cat) | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$INSTALL_DIR/.slipway-build" 2>/dev/null)" != "$src_hash" ]; then
    changed "Building and installing Slipway"
    (cd "$SOURCE_DIR" && npm run --silent build)
    refuse_downgrade
    rm -rf "$INSTALL_DIR.new"
    mkdir -p "$INSTALL_DIR.new"
    cp -a "$SOURCE_DIR/package.json" "$SOURCE_DIR/package-lock.json" "$SOURCE_DIR/dist" "$SOURCE_DIR/bin" "$INSTALL_DIR.new/"
    (cd "$INSTALL_DIR.new" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
    echo "$src_hash" >"$INSTALL_DIR.new/.slipway-build"
    rm -rf "$INSTALL_DIR.old"
    [ -d "$INSTALL_DIR" ] && mv "$INSTALL_DIR" "$INSTALL_DIR.old"
    mv "$INSTALL_DIR.new" "$INSTALL_DIR"
    rm -rf "$INSTALL_DIR.old"
    INSTALLED_NEW=1
  fi
  write_file /usr/local/bin/slipway 755 "$(wrapper slipway)"
  write_file /usr/local/bin/gitreceive 755 "$(wrapper gitreceive)"
  write_file /usr/local/bin/slipwayd 755 "$(wrapper slipwayd)"
}

# State a newer Slipway migrated stays with it: this build refuses it before it replaces the installed one.
refuse_downgrade() {
  [ -f "$STATE_DIR/settings.json" ] || return 0
  SLIPWAY_STATE="$STATE_DIR" "$SOURCE_DIR/bin/slipway" internal:migrate --check ||
    fail "this checkout is older than the installed Slipway's state; the installed Slipway was left as it was (see docs/upgrading.md)"
}

# The installed commands always run as the git user, so every file Slipway writes has one owner.
wrapper() {
  cat <<WRAP
#!/bin/sh
# Installed by configure-system.sh.
export SLIPWAY_STATE="\${SLIPWAY_STATE:-$STATE_DIR}"
if [ "\$(id -u)" -eq 0 ]; then
  exec runuser -u $GIT_USER -- env HOME=$GIT_HOME "\$0" "\$@"
fi
exec $INSTALL_DIR/bin/$1 "\$@"
WRAP
}

write_file() {
  local path=$1 mode=$2 content=$3
  if [ -f "$path" ] && [ "$(cat "$path")" = "$content" ] && [ "$(stat -c %a "$path")" = "$mode" ]; then return 0; fi
  printf '%s\n' "$content" >"$path.tmp"
  chmod "$mode" "$path.tmp"
  mv "$path.tmp" "$path"
  changed "Wrote $path"
}

configure_nginx_and_sudo() {
  step "Checking nginx and sudo configuration"
  write_file /etc/nginx/conf.d/slipway.conf 644 "# Installed by configure-system.sh: Slipway's app vhosts.
include $VHOST_DIR/*.conf;"
  # Slipway's catch-all default server answers unknown hosts with 404 instead of Debian's welcome page.
  if [ -e /etc/nginx/sites-enabled/default ]; then rm -f /etc/nginx/sites-enabled/default; changed "Disabled nginx's default site"; fi
  # Each build first renews the build bridge's firewall rule (firewall_builds below), so a flushed one never lets a build reach the host.
  write_file /etc/sudoers.d/slipway 440 "# Installed by configure-system.sh: the git user may reload nginx and renew the build firewall rule, and nothing else.
$GIT_USER ALL=(root) NOPASSWD: /usr/sbin/nginx -s reload, $INSTALL_DIR/bin/slipway-build-firewall add slipway-build"
  visudo -cqf /etc/sudoers.d/slipway || fail "the sudoers rule did not validate"
  supervisor_sudo_rule
}

# The one root-owned program through which the git user writes app jobs and drives the init; it
# checks every argument and accepts only the job text Slipway renders (see provisioning/supervisor-job).
SUPERVISOR_HELPER=/usr/local/lib/slipway/supervisor-job

install_supervisor_helper() {
  ensure_root_dir "$(dirname "$SUPERVISOR_HELPER")"
  if cmp -s "$SOURCE_DIR/provisioning/supervisor-job" "$SUPERVISOR_HELPER" && [ "$(stat -c '%a %U %G' "$SUPERVISOR_HELPER")" = "755 root root" ]; then
    return 0
  fi
  install -m 755 -o root -g root "$SOURCE_DIR/provisioning/supervisor-job" "$SUPERVISOR_HELPER"
  changed "Installed $SUPERVISOR_HELPER"
}

ensure_root_dir() {
  local dir=$1
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; changed "Created $dir"; fi
  if [ "$(stat -c '%a %U %G' "$dir")" != "755 root root" ]; then chown root:root "$dir"; chmod 755 "$dir"; changed "Set $dir to 755, owned by root"; fi
}

# Under systemd or upstart the git user installs one job per app container through the helper, and nothing else.
supervisor_sudo_rule() {
  install_supervisor_helper
  case "$(pick_supervisor)" in
    systemd|upstart) ;;
    *) if [ -e /etc/sudoers.d/slipway-supervisor ]; then rm -f /etc/sudoers.d/slipway-supervisor; changed "Removed the supervisor sudo rule"; fi; return 0 ;;
  esac
  write_file /etc/sudoers.d/slipway-supervisor 440 "# Installed by configure-system.sh: the git user manages Slipway's app jobs through one checking helper, and nothing else.
$GIT_USER ALL=(root) NOPASSWD: $SUPERVISOR_HELPER"
  visudo -cqf /etc/sudoers.d/slipway-supervisor || fail "the supervisor sudoers rule did not validate"
}

settings_hash() { cat "$STATE_DIR/settings.json" "$VHOST_DIR/_slipway.conf" 2>/dev/null | sha256sum || true; }

configure_slipway() {
  step "Checking Slipway settings"
  local before after
  before=$(settings_hash)
  # Every state format change since the installed version, each app under its lock (docs/upgrading.md).
  slipway internal:migrate
  slipway internal:setup --supervisor "$(pick_supervisor)" ${SLIPWAY_DOMAIN:+--domain "$SLIPWAY_DOMAIN"}
  after=$(settings_hash)
  [ "$before" = "$after" ] || changed "Updated Slipway settings"
  # A deploy killed by a crash or reboot is undone, and every app's live release runs and is routed.
  slipway ps:restore
  nginx -t -q || fail "nginx -t failed; see the message above"
  nginx -s reload 2>/dev/null || true
}

# At every boot, and whenever docker.service (re)starts, after Docker and nginx: the same restore, so apps
# come back without a person. PartOf takes it down with Docker, so the next Docker start runs it again.
install_restore_unit() {
  has_systemd || return 0
  local unit=/etc/systemd/system/slipway-restore.service before
  before=$(cat "$unit" 2>/dev/null || true)
  write_file "$unit" 644 "[Unit]
Description=Restore Slipway apps: undo interrupted deploys, start live containers, re-route them
After=docker.service nginx.service
Wants=docker.service nginx.service
PartOf=docker.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/bin/slipway ps:restore
[Install]
WantedBy=multi-user.target docker.service"
  if [ "$before" != "$(cat "$unit")" ] || ! systemctl is-enabled --quiet slipway-restore.service 2>/dev/null; then
    systemctl daemon-reload
    systemctl reenable --quiet slipway-restore.service
    changed "Enabled slipway-restore.service (at boot and with docker.service)"
  fi
}

# slipwayd renews certificates itself now; an upgrade removes the systemd timer that used to.
remove_renew_timer() {
  local dir=/etc/systemd/system unit removed=0
  for unit in slipway-letsencrypt.timer slipway-letsencrypt.service; do
    [ -e "$dir/$unit" ] || [ -L "$dir/timers.target.wants/$unit" ] || continue
    if has_systemd; then systemctl disable --now --quiet "$unit" 2>/dev/null || true; fi
    rm -f "$dir/$unit" "$dir/timers.target.wants/$unit"
    changed "Removed $unit (slipwayd renews certificates now)"
    removed=1
  done
  if [ "$removed" -eq 1 ] && has_systemd; then systemctl daemon-reload; fi
}

# slipwayd runs as the git user, like every Slipway command; a new install restarts it.
start_slipwayd() {
  step "Checking slipwayd"
  if has_systemd; then
    write_file /etc/systemd/system/slipwayd.service 644 "$(slipwayd_unit)" && systemctl daemon-reload
    systemctl is-enabled --quiet slipwayd 2>/dev/null || { systemctl enable --quiet slipwayd; changed "Enabled slipwayd"; }
    if [ "$INSTALLED_NEW" -eq 1 ]; then systemctl restart slipwayd; changed "Restarted slipwayd";
    elif ! systemctl is-active --quiet slipwayd; then systemctl start slipwayd; changed "Started slipwayd"; fi
    return 0
  fi
  if [ "$INSTALLED_NEW" -eq 1 ] && slipwayd_running; then
    kill "$(cat "$STATE_DIR/slipwayd.pid")"
    local _
    for _ in $(seq 1 20); do slipwayd_running || break; sleep 0.25; done
    changed "Stopped the previous slipwayd"
  fi
  start_daemon slipwayd slipwayd_running /usr/local/bin/slipwayd
}

# The pid file names a live process that is slipwayd, not a reused pid.
slipwayd_running() {
  local pid
  pid=$(cat "$STATE_DIR/slipwayd.pid" 2>/dev/null) || return 1
  grep -qa "daemon/main.js" "/proc/$pid/cmdline" 2>/dev/null
}

slipwayd_unit() {
  cat <<UNIT
# Installed by configure-system.sh.
[Unit]
Description=Slipway daemon: HTTP API and git push over HTTP
After=network.target docker.service
# However often it falls over, systemd brings it back: no start limit to hit during a burst.
StartLimitIntervalSec=0

[Service]
User=$GIT_USER
Environment=SLIPWAY_STATE=$STATE_DIR HOME=$GIT_HOME
ExecStart=$INSTALL_DIR/bin/slipwayd
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
UNIT
}

# Builds run on the slipway-build bridge (builders.network); drop what it sends to the host, now and at boot.
firewall_builds() {
  step "Checking the build firewall"
  local bridge=slipway-build unit=/etc/systemd/system/slipway-build-firewall.service
  "$INSTALL_DIR/bin/slipway-build-firewall" add "$bridge"
  has_systemd || return 0
  write_file "$unit" 644 "[Unit]
Description=Slipway: drop what builds on the $bridge bridge send to the host
Before=docker.service slipwayd.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$INSTALL_DIR/bin/slipway-build-firewall add $bridge
[Install]
WantedBy=multi-user.target"
  if ! systemctl is-enabled --quiet slipway-build-firewall.service 2>/dev/null; then
    systemctl daemon-reload
    systemctl enable --quiet slipway-build-firewall.service
    changed "Enabled slipway-build-firewall.service"
  fi
}

main() {
  install_system_packages
  start_services
  create_git_user
  install_slipway
  configure_nginx_and_sudo
  configure_slipway
  install_restore_unit
  firewall_builds
  remove_renew_timer
  start_slipwayd
  step "Slipway is ready ($CHANGES changes). Next: cat ~/.ssh/id_ed25519.pub | sudo gitreceive upload-key \$USER"
}

main "$@"
