#!/usr/bin/perl
# netsmpp_smsc.pl - a minimal SMSC built on CPAN's Net::SMPP (1.19), which nobody on
# this project wrote, for checking smppconsole's ESME side against a foreign peer.
#
#   perl interop/netsmpp_smsc.pl --port 2775 [--mode ok|badpass|badpass-bare|enquire|silent]
#        [--dlr-id dec|same|tlv] [--password y] [--dlr-delay 0.5] [--conns N]
#
# It accepts ONE connection (N with --conns, each in a process of its own), logs every PDU
# it reads on stderr (one line each, with the fields that matter, after the time and the
# connection number), and exits when the client goes away.
#   ok           bind_transceiver_resp OK; every submit_sm gets a submit_sm_resp with a
#                HEX message id, then a deliver_sm receipt (esm_class 0x04, Appendix B
#                text); concatenated parts (UDH, SAR, message_payload) are reassembled and
#                the text is logged as "REASSEMBLED ...".
#   badpass      bind_transceiver_resp ESME_RINVPASWD (0x0E), with Net::SMPP's body
#   badpass-bare the same, header only (16 octets), as many SMSCs send it
#   enquire      after the bind sends enquire_link; after the first submit_sm_resp sends
#                enquire_link again and then unbind; checks the client's responses
#   silent       binds, reads submit_sm, never answers them (answers unbind)
#   slow         like ok, but every response (bind_resp, submit_sm_resp, enquire_link_resp)
#                goes out --slow seconds (default 2) after its request was read
#   drop         like ok, but closes the connection right after the first submit_sm_resp
# --dlr-id: the id in the receipt: dec = the resp id in decimal (default), same = as in
#   the resp, tlv = decimal in the text plus receipted_message_id (hex) and message_state.
# --store FILE: answer query_sm, cancel_sm and replace_sm (3.4 §4.8-4.10) from the
#   messages submitted, kept in FILE (Storable, locked) so that the connections of
#   --conns share them. A message is ENROUTE until its receipt goes (never, without
#   registered_delivery), DELIVERED after; cancel_sm makes it DELETED. Unknown ids get
#   ESME_RINVMSGID, a wrong source_addr ESME_RINVSRCADR, a final message
#   ESME_RCANCELFAIL / ESME_RREPLACEFAIL. Without --store they get generic_nack
#   ESME_RINVCMDID, as Net::SMPP's own server loop would.
#   data_sm is answered with data_sm_resp (a message id); submit_multi with
#   submit_multi_resp whose unsuccess_sme lists every SME address ending in 999
#   (ESME_RINVDSTADR) and every distribution list (ESME_RINVDLNAME: none exist here).
use strict;
use warnings;
use Net::SMPP;
use Encode qw(decode);
use Getopt::Long;
use POSIX qw(strftime);
use Time::HiRes qw(sleep);
use Storable qw(lock_store lock_retrieve);

my ($port, $mode, $dlrid, $password, $delay, $slow, $conns, $store) = (2775, 'ok', 'dec', '', 0.2, 2, 1, '');
GetOptions('port=i' => \$port, 'mode=s' => \$mode, 'dlr-id=s' => \$dlrid,
           'password=s' => \$password, 'dlr-delay=f' => \$delay, 'slow=f' => \$slow,
           'conns=i' => \$conns, 'store=s' => \$store)
  or die "bad options\n";
unlink $store if $store ne '';   # a fresh store each run
$| = 1;
my $connno = 1;
sub logf { my $f = shift; printf STDERR "netsmpp: %.6f c%d $f\n", Time::HiRes::time(), $connno, @_ }

my $srv = Net::SMPP->new_listen('127.0.0.1', port => $port, smpp_version => 0x34,
                                async => 1, system_id => 'netsmpp')
  or die "listen on $port: $!\n";
logf("listening on 127.0.0.1:%d mode=%s dlr-id=%s", $port, $mode, $dlrid);
my $c;
my @kids;
for my $n (1 .. $conns) {
    $connno = $n;
    $c = $srv->accept or die "accept: $!\n";
    logf("accepted %s:%d", $c->peerhost, $c->peerport);
    last if $conns == 1;
    my $pid = fork // die "fork: $!\n";
    last if $pid == 0;        # the child serves this connection
    push @kids, $pid;
    undef $c;
}
if (@kids == $conns) {         # the parent of N children: wait for them all
    my $bad = 0;
    for (@kids) { waitpid($_, 0); $bad ||= $? >> 8 }
    exit $bad;
}

my %name = (0x09 => 'bind_transceiver', 0x01 => 'bind_receiver', 0x02 => 'bind_transmitter',
  0x04 => 'submit_sm', 0x80000005 => 'deliver_sm_resp', 0x15 => 'enquire_link',
  0x80000015 => 'enquire_link_resp', 0x06 => 'unbind', 0x80000006 => 'unbind_resp',
  0x80000000 => 'generic_nack', 0x03 => 'query_sm', 0x08 => 'cancel_sm', 0x07 => 'replace_sm',
  0x103 => 'data_sm', 0x21 => 'submit_multi');
my $nextid = 0x5E0F3A20 + 0x100 * ($$ % 0x1000);   # hex ids with letters, so decimal and hex
                                                   # differ visibly; apart per process

# The message store of --store: id -> {src, state, done, text}.
sub load_store { return {} if $store eq '' || !-e $store; return lock_retrieve($store) }
sub save_msg {
    my ($id, %m) = @_;
    return if $store eq '';
    my $all = load_store();
    $all->{$id} = { %{$all->{$id} // {}}, %m };
    lock_store($all, $store);
}
sub smpp_time { strftime('%y%m%d%H%M%S', gmtime(shift)) . '000+' }
my (%parts, @expect);      # concatenation buffers; responses we wait for: [cmd, seq]
my ($bound, $unbindsent, $failures) = (0, 0, 0);

sub expect_resp { my ($cmd, $seq) = @_; push @expect, [$cmd, $seq] }

sub check_resp {
    my $p = shift;
    for my $i (0 .. $#expect) {
        my ($cmd, $seq) = @{$expect[$i]};
        if ($cmd == $p->{cmd} && $seq == $p->{seq}) {
            splice @expect, $i, 1;
            my $st = $p->{status};
            logf("OK %s seq=%d matches our request (status 0x%08X, body %d octets)",
                 $name{$cmd}, $seq, $st, length $p->{data});
            if ($st != 0) { $failures++; logf("FAIL non-zero status") }
            return;
        }
    }
    $failures++;
    logf("FAIL unexpected %s seq=%d", $name{$p->{cmd}} // sprintf('0x%08X', $p->{cmd}), $p->{seq});
}

sub decode_text {
    my ($dc, $octets) = @_;
    return decode('UTF-16BE', $octets) if $dc == 8;
    return decode('iso-8859-1', $octets) if $dc == 3;
    return decode('gsm0338', $octets) if $dc == 0;   # unpacked septets, one per octet
    return unpack('H*', $octets);
}

sub receipt {
    my ($p, $id) = @_;
    my $now = strftime('%y%m%d%H%M', localtime);
    my $dec = sprintf('%d', hex $id);
    my $textid = $dlrid eq 'same' ? $id : $dec;
    my $txt = "id:$textid sub:001 dlvrd:001 submit date:$now done date:$now stat:DELIVRD err:000 text:";
    my @tlv = $dlrid eq 'tlv' ? (receipted_message_id => "$id\0", message_state => pack('C', 2)) : ();
    sleep $delay;
    my $seq = $c->deliver_sm(source_addr_ton => $p->{dest_addr_ton}, source_addr_npi => $p->{dest_addr_npi},
        source_addr => $p->{destination_addr}, dest_addr_ton => $p->{source_addr_ton},
        dest_addr_npi => $p->{source_addr_npi}, destination_addr => $p->{source_addr},
        esm_class => 0x04, data_coding => 0, short_message => $txt, @tlv);
    expect_resp(0x80000005, $seq);
    save_msg($id, state => 2, done => time) if load_store()->{$id} && load_store()->{$id}{state} == 1;
    logf("-> deliver_sm seq=%d receipt for %s: %s", $seq, $id, $txt);
}

sub submit {
    my $p = shift;
    my $sm = $p->{short_message} // '';
    my ($dc, $esm) = ($p->{data_coding}, $p->{esm_class});
    my ($ref, $total, $num, $body) = (undef, 1, 1, $sm);
    my $how = 'single';
    if ($esm & 0x40) {                                # UDH in short_message
        my $udhl = ord substr($sm, 0, 1);
        my $udh = substr($sm, 1, $udhl);
        $body = substr($sm, 1 + $udhl);
        my $i = 0;
        while ($i < length $udh) {
            my ($iei, $l) = unpack 'CC', substr($udh, $i, 2);
            my $v = substr($udh, $i + 2, $l);
            if ($iei == 0x00 && $l == 3) { ($ref, $total, $num) = unpack 'CCC', $v; $how = 'udh8' }
            if ($iei == 0x08 && $l == 4) { ($ref, $total, $num) = unpack 'nCC', $v; $how = 'udh16' }
            $i += 2 + $l;
        }
    } elsif (defined $p->{sar_msg_ref_num}) {
        $ref = unpack 'n', $p->{sar_msg_ref_num};
        $total = unpack 'C', $p->{sar_total_segments};
        $num = unpack 'C', $p->{sar_segment_seqnum};
        $how = 'sar';
    } elsif (defined $p->{message_payload}) {
        $body = $p->{message_payload};
        $how = 'payload';
    }
    my $id = sprintf('%X', ++$nextid);
    logf("<- submit_sm seq=%d to=%s ton=%d npi=%d from=%s ston=%d esm=0x%02X dc=%d rd=%d sm_length=%d %s part %s/%s ref %s",
         $p->{seq}, $p->{destination_addr}, $p->{dest_addr_ton}, $p->{dest_addr_npi},
         $p->{source_addr}, $p->{source_addr_ton}, $esm, $dc, $p->{registered_delivery},
         length $sm, $how, $num, $total, $ref // '-');
    if ($mode eq 'silent') { logf("   (silent: no submit_sm_resp)"); return }
    sleep $slow if $mode eq 'slow';
    $c->submit_sm_resp(seq => $p->{seq}, message_id => $id);
    save_msg($id, src => $p->{source_addr}, state => 1, text => $sm);
    logf("-> submit_sm_resp seq=%d message_id=%s", $p->{seq}, $id);
    if ($mode eq 'drop') { logf("   (drop: closing the connection)"); $c->close; logf("done: dropped"); exit 0 }
    my $key = join ',', $p->{source_addr}, $ref // 'x', $total;
    $parts{$key}{$num} = $body;
    $parts{$key}{dc} = $dc;
    if (keys(%{$parts{$key}}) - 1 == $total) {
        my $all = join '', map { $parts{$key}{$_} } 1 .. $total;
        my $text = decode_text($dc, $all);
        my $cp = join ' ', map { sprintf 'U+%04X', ord } split //, substr($text, 0, 8);
        logf("REASSEMBLED %d part(s) via %s, %d chars, dc=%d: \"%s\" [%s ...]",
             $total, $how, length $text, $dc, Encode::encode('UTF-8', $text), $cp);
        delete $parts{$key};
    }
    if ($mode eq 'enquire') {
        my $s = $c->enquire_link;
        expect_resp(0x80000015, $s);
        logf("-> enquire_link seq=%d", $s);
        $s = $c->unbind;
        expect_resp(0x80000006, $s);
        $unbindsent = 1;
        logf("-> unbind seq=%d", $s);
        return;
    }
    receipt($p, $id) if $p->{registered_delivery} & 0x03;
}

# query_sm, cancel_sm, replace_sm against the store (3.4 §4.8-4.10).
sub lookup {
    my $p = shift;
    my $m = load_store()->{$p->{message_id}};
    return (undef, 0x0C) if !$m;                                    # ESME_RINVMSGID
    return (undef, 0x0A) if ($p->{source_addr} // '') ne '' && $p->{source_addr} ne $m->{src};  # ESME_RINVSRCADR
    return ($m, 0);
}

sub operation {
    my $p = shift;
    my $cmd = $p->{cmd};
    logf("<- %s seq=%d message_id=%s from=%s ston=%d%s", $name{$cmd}, $p->{seq}, $p->{message_id} // '',
         $p->{source_addr} // '', $p->{source_addr_ton} // 0,
         $cmd == 0x07 ? sprintf(' sm_length=%d rd=%d validity=%s text="%s"', length($p->{short_message} // ''),
                                $p->{registered_delivery}, $p->{validity_period}, $p->{short_message} // '')
         : $cmd == 0x08 ? sprintf(' to=%s service_type=%s', $p->{destination_addr} // '', $p->{service_type} // '') : '');
    if ($store eq '') {
        $c->generic_nack(seq => $p->{seq}, status => 0x03);
        logf("-> generic_nack seq=%d ESME_RINVCMDID (no --store)", $p->{seq});
        return;
    }
    my ($m, $st) = lookup($p);
    if ($cmd == 0x03) {
        if ($st) {
            $c->query_sm_resp(seq => $p->{seq}, status => $st, message_id => $p->{message_id}, message_state => 7);
        } else {
            my $final = $m->{state} == 1 ? '' : smpp_time($m->{done});
            $c->query_sm_resp(seq => $p->{seq}, message_id => $p->{message_id}, final_date => $final,
                              message_state => $m->{state}, error_code => 0);
        }
        logf("-> query_sm_resp seq=%d status 0x%08X state=%s", $p->{seq}, $st, $m ? $m->{state} : '-');
        return;
    }
    $st = ($cmd == 0x08 ? 0x11 : 0x13) if !$st && $m->{state} != 1;   # ESME_RCANCELFAIL, ESME_RREPLACEFAIL
    if ($cmd == 0x08) {
        save_msg($p->{message_id}, state => 4, done => time) if !$st;
        $c->cancel_sm_resp(seq => $p->{seq}, status => $st);
    } else {
        save_msg($p->{message_id}, text => $p->{short_message}) if !$st;
        $c->replace_sm_resp(seq => $p->{seq}, status => $st);
    }
    logf("-> %s_resp seq=%d status 0x%08X", $name{$cmd}, $p->{seq}, $st);
}

sub data_sm {
    my $p = shift;
    my $id = sprintf('%X', ++$nextid);
    logf("<- data_sm seq=%d to=%s from=%s esm=0x%02X dc=%d rd=%d message_payload=%d octets \"%s\"", $p->{seq},
         $p->{destination_addr}, $p->{source_addr}, $p->{esm_class}, $p->{data_coding}, $p->{registered_delivery},
         length($p->{message_payload} // ''), $p->{message_payload} // '');
    $c->data_sm_resp(seq => $p->{seq}, message_id => $id);
    save_msg($id, src => $p->{source_addr}, state => 1, text => $p->{message_payload});
    logf("-> data_sm_resp seq=%d message_id=%s", $p->{seq}, $id);
}

sub submit_multi {
    my $p = shift;
    my $id = sprintf('%X', ++$nextid);
    my (@ton, @npi, @addr, @err);
    for my $i (0 .. $p->{number_of_dests} - 1) {
        my ($flag, $a) = ($p->{dest_flag}[$i], $p->{destination_addr}[$i]);
        logf("   dest %d: flag=%d ton=%d npi=%d %s", $i + 1, $flag, $p->{dest_addr_ton}[$i], $p->{dest_addr_npi}[$i], $a);
        next unless $flag == 2 || $a =~ /999$/;
        push @ton, $p->{dest_addr_ton}[$i]; push @npi, $p->{dest_addr_npi}[$i]; push @addr, $a;
        push @err, $flag == 2 ? 0x34 : 0x0B;
    }
    logf("<- submit_multi seq=%d from=%s dests=%d sm_length=%d \"%s\"", $p->{seq}, $p->{source_addr},
         $p->{number_of_dests}, length($p->{short_message} // ''), $p->{short_message} // '');
    # Net::SMPP wants error_status_code even when every destination is taken.
    $c->submit_multi_resp(seq => $p->{seq}, message_id => $id, dest_addr_ton => \@ton, dest_addr_npi => \@npi,
                          destination_addr => \@addr, error_status_code => @err ? \@err : [0]);
    save_msg($id, src => $p->{source_addr}, state => 1, text => $p->{short_message});
    logf("-> submit_multi_resp seq=%d message_id=%s unsuccess=%d %s", $p->{seq}, $id, scalar @addr,
         join(' ', map { sprintf '%s:0x%08X', $addr[$_], $err[$_] } 0 .. $#addr));
}

while (defined(my $p = $c->read_pdu)) {
    my $cmd = $p->{cmd};
    if ($cmd == 0x09 || $cmd == 0x01 || $cmd == 0x02) {
        logf("<- %s seq=%d system_id=%s interface_version=0x%02X", $name{$cmd}, $p->{seq},
             $p->{system_id}, $p->{interface_version});
        my $resp = { 0x09 => 'bind_transceiver_resp', 0x01 => 'bind_receiver_resp',
                     0x02 => 'bind_transmitter_resp' }->{$cmd};
        if ($mode eq 'badpass' || ($password ne '' && $p->{password} ne $password)) {
            $c->$resp(seq => $p->{seq}, status => 0x0E);
            logf("-> %s seq=%d status ESME_RINVPASWD (with body)", $resp, $p->{seq});
        } elsif ($mode eq 'badpass-bare') {
            $c->syswrite(pack 'NNNN', 16, $cmd | 0x80000000, 0x0E, $p->{seq});
            logf("-> %s seq=%d status ESME_RINVPASWD (header only)", $resp, $p->{seq});
        } else {
            sleep $slow if $mode eq 'slow';
            $c->$resp(seq => $p->{seq}, system_id => 'netsmpp');
            $bound = 1;
            logf("-> %s seq=%d OK", $resp, $p->{seq});
            if ($mode eq 'enquire') {
                my $s = $c->enquire_link;
                expect_resp(0x80000015, $s);
                logf("-> enquire_link seq=%d", $s);
            }
        }
    } elsif ($cmd == 0x04) {
        submit($p);
    } elsif ($cmd == 0x03 || $cmd == 0x07 || $cmd == 0x08) {
        operation($p);
    } elsif ($cmd == 0x103) {
        data_sm($p);
    } elsif ($cmd == 0x21) {
        submit_multi($p);
    } elsif ($cmd == 0x15) {
        logf("<- enquire_link seq=%d", $p->{seq});
        sleep $slow if $mode eq 'slow';
        $c->enquire_link_resp(seq => $p->{seq});
    } elsif ($cmd == 0x06) {
        logf("<- unbind seq=%d", $p->{seq});
        $c->unbind_resp(seq => $p->{seq});
        logf("-> unbind_resp seq=%d", $p->{seq});
    } elsif ($cmd & 0x80000000) {
        logf("<- %s seq=%d status=0x%08X", $name{$cmd} // sprintf('0x%08X', $cmd), $p->{seq}, $p->{status});
        check_resp($p);
    } else {
        logf("<- unexpected command 0x%08X seq=%d: generic_nack", $cmd, $p->{seq});
        $c->generic_nack(seq => $p->{seq}, status => 0x03);
    }
}
logf("connection closed by the client");
for (@expect) { $failures++; logf("FAIL no %s for seq %d", $name{$_->[0]}, $_->[1]) }
logf("done: %s", $failures ? "$failures FAILURE(S)" : 'all responses matched');
exit($failures ? 1 : 0);
