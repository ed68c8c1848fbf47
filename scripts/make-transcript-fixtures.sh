#!/usr/bin/env bash
# Regenerates the generated SMTP transcript fixtures in test/fixtures/transcripts/ by running real
# software: swaks talking to Exim (`exim4 -bh`, no network), Exim's own debug output as server and as
# client, Python's smtplib and curl -v against servers on 127.0.0.1. It also refreshes the copies
# taken from ../shared/corpus. The hand-written samples (see README.md there) are left alone.
#
#   bash scripts/make-transcript-fixtures.sh            needs: swaks, exim4, python3 (3.11: smtpd), curl
#
# Dates, message ids, process ids and the ephemeral port change from run to run; the tests do not
# depend on them. Nothing here listens anywhere but 127.0.0.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/test/fixtures/transcripts"
gen="$out/generate"
corpus="$root/../shared/corpus"
for tool in swaks exim4 python3 curl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (scripts/install-system-packages.sh installs swaks and exim4)" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 0755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Exim drops its privileges when given a configuration of its own (-C), so the spool must be open to all.
mkdir -m 1777 "$work/spool"
cat >"$work/exim-server.conf" <<EOF
# Exim as a small MX for example.net: relaying refused, AUTH PLAIN/LOGIN for alice:wonderland.
primary_hostname = mx.example.net
domainlist local_domains = example.net
spool_directory = $work/spool
log_file_path = $work/spool/%slog
acl_smtp_rcpt = acl_check_rcpt
pipelining_advertise_hosts = *
chunking_advertise_hosts = *
auth_advertise_hosts = *
tls_advertise_hosts =
begin acl
acl_check_rcpt:
  accept domains = +local_domains
  accept authenticated = *
  deny message = relay not permitted
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{eq{\$auth2}{alice}}{eq{\$auth3}{wonderland}}}}
  server_set_id = \$auth2
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and{{eq{\$auth1}{alice}}{eq{\$auth2}{wonderland}}}}
  server_set_id = \$auth1
EOF
exim_bh="exim4 -C $work/exim-server.conf -bh 192.0.2.10"
swaks_common=(--from alice@example.com --helo client.example.com --pipe "$exim_bh")

# Lines that name this machine's folders (the temp folder, the working directory) are real but change
# every run: name them the same each time.
stable() { sed -e "s#$work#/tmp/fixture#g" -e "s#cwd=[^ ]*#cwd=/tmp/fixture#g"; }

echo "swaks + exim -bh" >&2
# Pipelined MAIL, RCPT x3 and DATA before any reply; the third recipient is refused (relaying).
swaks "${swaks_common[@]}" --pipeline --to bob@example.net,carol@example.net,dave@example.org \
  --body 'Hello Bob and Carol.' 2>&1 | stable >"$out/swaks-exim-pipelined.txt" || true
# Stop after RCPT: the refused recipient, then QUIT.
swaks "${swaks_common[@]}" --to dave@example.org --quit-after RCPT 2>&1 | stable >"$out/swaks-exim-quit-after-rcpt.txt" || true
# Three connections in one file: AUTH LOGIN that succeeds (pipelined transaction after it), AUTH LOGIN
# with --auth-hide-password (swaks writes PROVIDED_BUT_REMOVED for the password), AUTH PLAIN refused.
{
  swaks "${swaks_common[@]}" --pipeline --to dave@example.org --auth LOGIN --auth-user alice --auth-password wonderland 2>&1 || true
  swaks "${swaks_common[@]}" --to bob@example.net --auth LOGIN --auth-user alice --auth-password wonderland \
    --auth-hide-password --auth-plaintext --quit-after AUTH 2>&1 || true
  swaks "${swaks_common[@]}" --to bob@example.net --auth PLAIN --auth-user alice --auth-password not-the-password 2>&1 || true
} | stable >"$out/swaks-exim-auth.txt" || true
# Response times (--show-time-lapse): Exim's -bh mode skips ACL "delay", so a ${run} of sleep makes
# the RCPT of slow@example.net take two seconds, as a tarpitting server would.
sed 's/^acl_check_rcpt:$/acl_check_rcpt:\n  warn local_parts = slow\n       condition = ${run{\/bin\/sleep 2}{yes}{yes}}/' \
  "$work/exim-server.conf" >"$work/exim-slow.conf"
swaks --from alice@example.com --helo client.example.com --pipe "exim4 -C $work/exim-slow.conf -bh 192.0.2.10" \
  --show-time-lapse --to bob@example.net,slow@example.net 2>&1 | stable >"$out/swaks-exim-time-lapse.txt" || true

echo "exim -bh with a scripted client, and its -d debug output" >&2
# What a client would see (stdout: replies only) and Exim's debug trace of the same session (stderr).
# The second transaction sends the message with BDAT in two chunks.
body1='Subject: one\r\n\r\nHello\r\n'
printf "EHLO client.example.com\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.net>\r\nRCPT TO:<dave@example.org>\r\nDATA\r\n${body1}.\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<carol@example.net>\r\nBDAT 14\r\nSubject: two\r\nBDAT 9 LAST\r\n\r\nHello\r\nQUIT\r\n" \
  | exim4 -C "$work/exim-server.conf" -d -bh 192.0.2.10 >"$work/bh.out" 2>"$work/bh.err" || true
stable <"$work/bh.out" >"$out/exim-bh.txt"
stable <"$work/bh.err" >"$out/exim-bh-debug.txt"

echo "fixture server, Exim as client, smtplib, curl" >&2
python3 "$gen/smtp_server.py" "$work/port" &
pids+=($!)
python3 "$gen/debugging_server.py" "$work/dport" &
pids+=($!)
for _ in $(seq 50); do [[ -s $work/port && -s $work/dport ]] && break; sleep 0.1; done
port=$(cat "$work/port")
dport=$(cat "$work/dport")

# Exim delivering one message to the fixture server: AUTH LOGIN (Exim masks the credentials with
# asterisks), PIPELINING, CHUNKING (BDAT ... LAST and QUIT pipelined), one recipient refused; then
# the bounce it sends back in a second connection.
mkdir -m 1777 "$work/client-spool"
cat >"$work/exim-client.conf" <<EOF
primary_hostname = client.example.com
spool_directory = $work/client-spool
log_file_path = $work/client-spool/%slog
begin routers
to_fixture_server:
  driver = manualroute
  route_list = * 127.0.0.1
  self = send
  transport = remote_smtp
begin transports
remote_smtp:
  driver = smtp
  port = $port
  allow_localhost
  hosts_try_chunking = *
  hosts_require_auth = *
begin authenticators
login:
  driver = plaintext
  public_name = LOGIN
  client_send = : alice : wonderland
EOF
printf 'Subject: from Exim\n\nHello from Exim.\n' \
  | exim4 -C "$work/exim-client.conf" -d+transport -odf -oi -f alice@example.com bob@example.net carol@example.org \
    2>"$work/client.err" >/dev/null || true
stable <"$work/client.err" >"$out/exim-client-debug.txt"

python3 "$gen/smtplib_session.py" debug "$dport" 2>"$out/smtplib-debug.txt"
python3 "$gen/smtplib_session.py" auth "$port" 2>"$out/smtplib-auth.txt"

printf 'From: alice@example.com\r\nTo: bob@example.net\r\nSubject: from curl\r\n\r\nHello from curl.\r\n' >"$work/message.txt"
curl -sv "smtp://127.0.0.1:$port" --user alice:wonderland --mail-from alice@example.com \
  --mail-rcpt bob@example.net --mail-rcpt dave@example.org --mail-rcpt-allowfails \
  -T "$work/message.txt" 2>&1 | stable >"$out/curl-verbose.txt" || true

echo "timestamped captures: Exim -d+timestamp, smtplib at debug level 2, nodemailer, PHPMailer" >&2
# Each against an Exim whose RCPT of slow@example.net takes two seconds (exim-slow.conf, above).
swaks --from alice@example.com --helo client.example.com --to bob@example.net,slow@example.net \
  --pipe "exim4 -C $work/exim-slow.conf -d+timestamp -bh 192.0.2.10" 2>"$work/timestamp.err" >/dev/null || true
stable <"$work/timestamp.err" >"$out/exim-debug-timestamp.txt"
python3 "$root/test/fixtures/live/smtplib-transactions.py" 2 exim4 -C "$work/exim-slow.conf" -bh 192.0.2.10 \
  2>"$out/smtplib-debug-timestamps.txt"
# nodemailer and PHPMailer speak TCP only: exim_bridge.py puts exim -bh behind a port on 127.0.0.1.
# This Exim offers no PIPELINING, so each reply follows its own command and the slow RCPT shows as such.
sed 's/^pipelining_advertise_hosts = \*$/pipelining_advertise_hosts =/' "$work/exim-slow.conf" >"$work/exim-slow-nopipe.conf"
python3 "$gen/exim_bridge.py" "$work/bport" exim4 -C "$work/exim-slow-nopipe.conf" -bh 192.0.2.10 &
pids+=($!)
for _ in $(seq 50); do [[ -s $work/bport ]] && break; sleep 0.1; done
bport=$(cat "$work/bport")
# nodemailer from the npm registry, in a folder of its own (not a dependency of the extension).
if [[ -d ${NODEMAILER_DIR:-} ]]; then
  node "$gen/nodemailer_session.mjs" "$bport" "$NODEMAILER_DIR" >"$out/nodemailer-timestamps.txt"
else
  echo "skipped nodemailer-timestamps.txt: set NODEMAILER_DIR to a folder where 'npm install nodemailer' ran" >&2
fi
# PHPMailer from Debian (php-cli, libphp-phpmailer): SMTPDebug 3 with 'echo' output, 2 with 'html'.
if command -v php >/dev/null && [[ -f /usr/share/php/libphp-phpmailer/autoload.php ]]; then
  php "$gen/phpmailer_session.php" "$bport" echo >"$out/phpmailer-echo-timestamps.txt"
  php "$gen/phpmailer_session.php" "$bport" html >"$out/phpmailer-html-timestamps.txt"
else
  echo "skipped the PHPMailer captures: apt-get install php-cli libphp-phpmailer" >&2
fi

if [[ -d $corpus ]]; then
  echo "copies from ../shared/corpus" >&2
  t="$corpus/transcripts"
  install -m 0644 "$t/swaks__exec-transactions-00200.txt" "$out/swaks-starttls.txt"
  install -m 0644 "$t/swaks__exec-transactions-00500.txt" "$out/swaks-prdr.txt"
  install -m 0644 "$t/exim__test-stdout-0900.txt" "$out/exim-testclient-bdat.txt"
  install -m 0644 "$t/exim__test-stdout-0300.txt" "$out/exim-testclient-pipelining.txt"
  install -m 0644 "$t/exim__test-stderr-0398.txt" "$out/exim-debug-callout.txt"
  install -m 0644 "$t/set-of-emails__lhost-sendmail-56__transcript-L28.txt" "$out/sendmail-bounce-sessions.txt"
  install -m 0644 "$t/set-of-emails__rhost-google-07__transcript-L27.txt" "$out/sendmail-bounce-multiline.txt"
  install -m 0644 "$t/postfix__BDAT_README-pre01.txt" "$out/postfix-bdat-readme.txt"
  install -m 0644 "$t/postfix__SASL_README-pre35.txt" "$out/postfix-sasl-telnet.txt"
  install -m 0644 "$t/rfc5321__appendix-D-scenarios.txt" "$out/rfc5321-appendix-d.txt"
  # The "Transcript of session follows" block of a Postfix bounce (lines 16-48 of the message).
  sed -n '16,48p' "$corpus/eml/set-of-emails__lhost-postfix-75.eml" >"$out/postfix-inout.txt"
  install -m 0644 "$corpus/logs/crowdsec-hub__exchange-smtp-logs__exchange-smtp-logs.log" "$out/exchange-crowdsec-logs.log"
  install -m 0644 "$corpus/logs/crowdsec-hub__exchange-smtp-bf__exchange-smtp-bf.log" "$out/exchange-crowdsec-bf.log"
  # The licences of the copied files (see NOTICE).
  mkdir -p "$out/licenses"
  for l in swaks__LICENSE exim__src-LICENCE set-of-emails__LICENSE postfix__LICENSE smtpServerProtocol__LICENSE.md crowdsec-hub__LICENSE; do
    install -m 0644 "$corpus/licenses/$l" "$out/licenses/$l"
  done
fi
echo "done: $out" >&2
