#!/usr/bin/perl
# netsmpp_client.pl - an ESME built on CPAN's Net::SMPP (1.19), which nobody on this
# project wrote, for checking `smppconsole sim` from a foreign client.
#
#   perl interop/netsmpp_client.pl --port 2775 [--count 500] [--idle 200] [--signal PID]
#
# --idle N    first opens N TCP connections that never bind (they must not take bind slots)
# --count N   then binds as a transceiver and sends N submit_sm without waiting (async)
# --signal P  after the N submits are written, sends SIGTERM to process P (the simulator):
#             every submit must still get a submit_sm_resp, and the SMSC must then unbind.
# It answers deliver_sm and the SMSC's unbind, and prints one summary line:
#   "bound=1 submitted=N resp_ok=.. resp_err=.. receipts=.. unbind_from_smsc=0|1 missing=.."
# and exits 0 when no submit went unanswered.
use strict;
use warnings;
use IO::Socket::INET;
use Net::SMPP;
use Getopt::Long;

my ($port, $count, $idle, $pid, $sysid, $pw) = (2775, 500, 0, 0, 'smppclient1', 'password');
GetOptions('port=i' => \$port, 'count=i' => \$count, 'idle=i' => \$idle, 'signal=i' => \$pid,
           'system-id=s' => \$sysid, 'password=s' => \$pw) or die "bad options\n";
$| = 1;
my @idle;
for (1 .. $idle) {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp')
      or die "idle connection $_: $!\n";
    push @idle, $s;
}
my $c = Net::SMPP->new_transceiver('127.0.0.1', port => $port, system_id => $sysid,
                                   password => $pw, smpp_version => 0x34, async => 1)
  or die "connect: $!\n";
my $resp = $c->read_pdu or die "no bind_transceiver_resp\n";
if ($resp->{status} != 0) { printf "bound=0 bind status=0x%08X\n", $resp->{status}; exit 1 }
my %out;
for my $i (1 .. $count) {
    my $seq = $c->submit_sm(destination_addr => sprintf('4477009%05d', $i), source_addr => 'NetSMPP',
                            short_message => "interop $i", registered_delivery => 1);
    $out{$seq} = 1;
}
kill 'TERM', $pid if $pid;
my ($ok, $err, $rcpt, $unbind) = (0, 0, 0, 0);
while (defined(my $p = $c->read_pdu)) {
    my $cmd = $p->{cmd};
    if ($cmd == 0x80000004) {
        delete $out{$p->{seq}};
        $p->{status} == 0 ? $ok++ : $err++;
    } elsif ($cmd == 0x05) {
        $rcpt++;
        $c->deliver_sm_resp(seq => $p->{seq}, message_id => '');
    } elsif ($cmd == 0x06) {
        $unbind = 1;
        $c->unbind_resp(seq => $p->{seq});
        last;
    } elsif ($cmd == 0x15) {
        $c->enquire_link_resp(seq => $p->{seq});
    }
    last if !$pid && !%out && $rcpt >= $ok;
}
my $missing = scalar keys %out;
printf "bound=1 submitted=%d resp_ok=%d resp_err=%d receipts=%d unbind_from_smsc=%d missing=%d\n",
    $count, $ok, $err, $rcpt, $unbind, $missing;
exit($missing ? 1 : 0);
