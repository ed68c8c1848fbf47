#!/usr/bin/env bash
# Regenerates the mail-log fixtures in test/fixtures/logs/ made by real software: two Exim instances
# on 127.0.0.1, a client that submits messages and an MX (port 2525) whose ACLs refuse some
# recipients, greylist one, refuse content with "spam" in the subject and one sender with a
# blocklist-style message; a domain whose server never answers stays deferred. Their mainlog and
# rejectlog files are the fixtures, with a third Exim's mainlog: a bounce of a bounce it discards. It also refreshes the copies taken from ../shared/corpus
# (NOTICE says where each one comes from). The files of other origin (see NOTICE) are left alone.
#
#   bash scripts/make-log-fixtures.sh            needs: exim4 (exim4-daemon-light), swaks
#
# Dates, message ids and process ids change from run to run; the tests find lines by their content.
# Nothing listens anywhere but 127.0.0.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/test/fixtures/logs"
corpus="$root/../shared/corpus"
for tool in exim4 swaks; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (scripts/install-system-packages.sh installs it)" >&2; exit 1; }
done
mkdir -p "$out"

work=$(mktemp -d)
chmod 0755 "$work"
cleanup() {
  # Only the daemon this script started, by the pid it wrote.
  if [[ -s $work/server.pid ]]; then kill "$(cat "$work/server.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Exim drops its privileges when given a configuration of its own (-C): spools and mailboxes open to all.
mkdir -m 1777 "$work/server" "$work/client" "$work/mail"
port=2525
deadport=2526

cat >"$work/server.conf" <<EOF
# The MX: mailboxes for example.net and example.com; refusals by recipient, sender and content.
keep_environment =
primary_hostname = mx.example.net
local_interfaces = <; 127.0.0.1.$port
# Fail at once if the port is taken, rather than retrying in the background.
daemon_startup_retries = 0
domainlist local_domains = example.net : example.com
spool_directory = $work/server
log_file_path = $work/server/%slog
acl_smtp_rcpt = acl_check_rcpt
acl_smtp_data = acl_check_data
auth_advertise_hosts = *
tls_advertise_hosts =
begin acl
acl_check_rcpt:
  deny    local_parts = nosuchuser
          message = 550 5.1.1 <\$local_part@\$domain>: Recipient address rejected: User unknown
  defer   local_parts = greylisted
          message = 451 4.7.1 <\$local_part@\$domain>: Greylisted, please try again later
  # Not a DNS lookup: an ACL message in the words a DNSBL rejection uses, for the blocklist hover.
  deny    senders = spammer@example.org
          message = 554 5.7.1 Service unavailable; client [\$sender_host_address] blocked using zen.spamhaus.org
  accept  domains = +local_domains
  deny    message = 554 5.7.1 <\$local_part@\$domain>: Relay access denied
acl_check_data:
  deny    condition = \${if match{\$h_subject:}{spam}}
          message = 550 5.7.1 Message content rejected
  accept
begin routers
local:
  driver = accept
  domains = +local_domains
  transport = mailbox
begin transports
mailbox:
  driver = appendfile
  file = $work/mail/mailbox
  user = Debian-exim
  mode = 0666
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{eq{\$auth2}{alice}}{eq{\$auth3}{wonderland}}}}
  server_set_id = \$auth2
EOF

cat >"$work/client.conf" <<EOF
# The sender's MTA: everything goes to the MX on 127.0.0.1, except down.example, whose server is gone.
keep_environment =
primary_hostname = client.example.com
spool_directory = $work/client
log_file_path = $work/client/%slog
begin routers
down:
  driver = manualroute
  domains = down.example
  route_list = * 127.0.0.1
  self = send
  transport = to_dead_port
outbound:
  driver = manualroute
  route_list = * 127.0.0.1
  self = send
  transport = remote_smtp
begin transports
remote_smtp:
  driver = smtp
  port = $port
  allow_localhost
to_dead_port:
  driver = smtp
  port = $deadport
  allow_localhost
begin retry
# Give up on greylisting after three seconds (an expiry within the script's run); keep down.example for an hour.
down.example * F,1h,15m
* * F,3s,1s
EOF

echo "starting the MX on 127.0.0.1:$port" >&2
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "127.0.0.1:$port is in use: stop what listens there first" >&2; exit 1; fi
exim4 -C "$work/server.conf" -bd -oP "$work/server.pid"
for _ in $(seq 50); do [[ -s $work/server.pid ]] && break; sleep 0.1; done
[[ -s $work/server.pid ]] || { echo "the MX did not start (see $work/server/paniclog)" >&2; exit 1; }

client() { exim4 -C "$work/client.conf" -odi -oi "$@"; }
printf 'Subject: hello\n\nHello.\n' | client -f alice@example.com bob@example.net nosuchuser@example.net greylisted@example.net carol@example.org
printf 'Subject: spam offer\n\nBuy.\n' | client -f alice@example.com bob@example.net
printf 'Subject: hi\n\nHi.\n' | client -f spammer@example.org bob@example.net
printf 'Subject: report\n\nSee attached.\n' | client -f alice@example.com dave@down.example
printf 'Subject: lunch\n\nNoon?\n' | client -f alice@example.com bob@example.net erin@example.com
# A client that gets its password wrong.
swaks --server 127.0.0.1:$port --helo client.example.com --from alice@example.com --to bob@example.net \
  --auth PLAIN --auth-user alice --auth-password not-the-password --quit-after AUTH >/dev/null 2>&1 || true
# A queue run once the greylisting retry rule has timed out: the greylisted recipient expires,
# down.example is tried again and stays deferred.
sleep 4
exim4 -C "$work/client.conf" -qff
sleep 1

# A third Exim, with no daemon and no network: mail to undeliverable.invalid fails. A message from a
# sender there fails, so does the bounce Exim sends back, and Exim drops that bounce of a bounce at once
# (ignore_bounce_errors_after = 0s): "alice@undeliverable.invalid: error ignored".
mkdir -m 1777 "$work/discard"
cat >"$work/discard.conf" <<EOF
keep_environment =
primary_hostname = mail.example.org
spool_directory = $work/discard
log_file_path = $work/discard/%slog
qualify_domain = example.org
ignore_bounce_errors_after = 0s
begin routers
nowhere:
  driver = redirect
  domains = undeliverable.invalid
  allow_fail
  data = :fail: no such mailbox here
EOF
printf 'From: alice@undeliverable.invalid\nTo: bob@undeliverable.invalid\nSubject: test\n\nHello.\n' \
  | exim4 -C "$work/discard.conf" -odi -oi -f alice@undeliverable.invalid bob@undeliverable.invalid
sleep 1

# Lines that name the temporary directory are real but change every run: name it the same each time.
stable() { sed -e "s#$work#/tmp/fixture#g"; }
stable <"$work/client/mainlog" >"$out/mainlog-exim-client"
stable <"$work/server/mainlog" >"$out/mainlog-exim-server"
stable <"$work/server/rejectlog" >"$out/rejectlog-exim-server"
stable <"$work/discard/mainlog" >"$out/mainlog-exim-bounce-discarded"

if [[ -d $corpus ]]; then
  echo "copies from ../shared/corpus" >&2
  l="$corpus/logs"
  install -m 0644 "$l/fail2ban__postfix.log" "$out/mail.log-fail2ban-postfix"
  install -m 0644 "$l/postfix-grok-patterns__test-data.log" "$out/mail.log-postfix-grok-parts"
  install -m 0644 "$l/postfix__src-smtpstone-vmail-relay.log" "$out/mail.log-postfix-1998"
  install -m 0644 "$l/fail2ban__sendmail-reject.log" "$out/maillog-fail2ban-sendmail-reject"
  install -m 0644 "$l/fail2ban__exim.log" "$out/mainlog-fail2ban-exim"
  install -m 0644 "$l/crowdsec-hub__exim-logs__exim-logs.log" "$out/mainlog-crowdsec-exim"
  install -m 0644 "$l/crowdsec-hub__exim-syslog-logs__exim-logs.log" "$out/mail.log-crowdsec-exim-syslog"
  install -m 0644 "$l/crowdsec-hub__postfix-non-smtp__postfix-non-smtp.log" "$out/mail.log-crowdsec-postfix-iso"
  install -m 0644 "$l/exim__test-log-0163.log" "$out/mainlog-exim-test-0163"
  install -m 0644 "$l/exim__test-log-0221.log" "$out/mainlog-exim-test-0221"
  install -m 0644 "$l/exim__test-log-0322.log" "$out/mainlog-exim-test-0322"
  install -m 0644 "$l/exim__test-rejectlog-0536.log" "$out/rejectlog-exim-test-0536"
  install -m 0644 "$l/crowdsec-hub__exchange-smtp-logs__exchange-smtp-logs.log" "$out/maillog-exchange-protocol-crowdsec"
  mkdir -p "$out/licenses"
  for lic in fail2ban__COPYING postfix-grok-patterns__LICENSE postfix__LICENSE crowdsec-hub__LICENSE exim__src-LICENCE; do
    install -m 0644 "$corpus/licenses/$lic" "$out/licenses/$lic"
  done
fi
echo "done: $out" >&2
