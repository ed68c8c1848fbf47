#!/usr/bin/perl
# Sisimai's verdict on each bounce file given on the command line, one tab-separated line per recipient:
#   file  index  recipient  status  replycode  reason  action  command  hardbounce(true|false|)
# Used by scripts/compare-sisimai.mjs. Works with Sisimai 4 (make, softbounce) and 5 (rise, hardbounce).
use strict;
use warnings;
use Sisimai;

binmode STDOUT, ':encoding(UTF-8)';
my $method = Sisimai->can('rise') ? 'rise' : 'make';
print "# sisimai $Sisimai::VERSION\n";
for my $file (@ARGV) {
    my $found = eval { Sisimai->$method($file, 'delivered' => 1, 'vacation' => 1) };
    if (!$found) { print join("\t", $file, 0, ('') x 7), "\n"; next; }
    my $index = 0;
    for my $e (@$found) {
        $index++;
        my $hard = '';
        if ($e->can('hardbounce')) { $hard = $e->hardbounce ? 'true' : 'false' }
        elsif ($e->can('softbounce')) { $hard = $e->softbounce == 0 ? 'true' : 'false' }
        my @cells = ($file, $index, $e->recipient->address, $e->deliverystatus // '', $e->replycode // '',
                     $e->reason // '', $e->action // '', $e->smtpcommand // '', $hard);
        s/[\t\r\n]+/ /g for @cells;
        print join("\t", @cells), "\n";
    }
}
