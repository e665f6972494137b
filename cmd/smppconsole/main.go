// Command smppconsole is a terminal SMPP console. With no arguments it opens the TUI on
// an embedded SMSC simulator; `send`, `query`, `cancel`, `replace`, `burst`, `report`, `sim`, `decode`, `stats` and `replay` do the work that needs no screen.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

const usage = `smppconsole: a terminal SMPP console for testing carrier links.

Usage:
  smppconsole [--profile NAME] [--config FILE] [connection flags]
        open the TUI; with no profile or host it binds to an embedded SMSC simulator
  smppconsole send [flags] --to ADDR --text TEXT
        send one message headless and print the outcome (--dry-run: build and print the PDUs only);
        --op data_sm|submit_multi (--to repeatable, ADDR;ADDR;dl:NAME), --raw HEX for any PDU as it is
  smppconsole query --id ID [--from ADDR] [flags]
        query_sm: a submitted message's message_state, final_date and error_code
  smppconsole cancel --id ID [--from ADDR] [--to ADDR] [--service-type T] [flags]
        cancel_sm: cancel a submitted message not delivered yet
  smppconsole replace --id ID [--from ADDR] --text T [--validity V] [--schedule S] [--registered-delivery N] [flags]
        replace_sm: a new text (and validity, schedule, registered_delivery) for a message not delivered yet
  smppconsole burst [flags] --count N|--duration D --rate R --to ADDR --text TEXT
        send load headless: paced, over several binds, with latency percentiles (--json: a report)
  smppconsole report [--json] A.json B.json ...   (or [--filter EXPR] JOURNAL.pcapng ...)
        merge burst reports from several machines (histograms merge exactly), or report on burst journals
  smppconsole sim [flags]
        run the SMSC simulator on its own (default 127.0.0.1:2775, smppclient1/password)
  smppconsole decode [--json] [--show-secrets] [--port N] [--filter EXPR] [HEX... | FILE]
        decode PDUs from hex, or every SMPP PDU of a pcap/pcapng capture (--filter: only those that match)
  smppconsole open [--port N] [--filter EXPR] FILE
        show a pcap/pcapng capture in the console, read-only (a picker when it holds several conversations)
  smppconsole stats [--json] [--timeout D] [--filter EXPR] FILE
        SMPP operation statistics of a pcap, pcapng or hex file: counts, response times, receipt latency
  smppconsole replay [flags] [--speed 2x|--rate R] [--json] FILE   (or --diff A.json B.json)
        send a recording's submit_sm again to an SMSC and report old outcomes beside new, with the differences
  smppconsole version   (or --version)
        print the version and the VCS revision it was built from

Examples:
  smppconsole decode 00000010800000090000000e00000001
  smppconsole send --dry-run --from MyBrand --to +447700900123 --text "Hello €"
  smppconsole send --op submit_multi --to +447700900123 --to "+447700900124;dl:staff" --text Hi
  smppconsole query --profile local-sim --id 0a1b2c --from MyBrand
  smppconsole send --raw "00000010 00000015 00000000 00000001" --profile local-sim
  smppconsole decode --filter 'smpp.command_id == submit_sm_resp && smpp.command_status != ESME_ROK' carrier.pcapng

Display filters use Wireshark's SMPP field names (smpp.command_id, smpp.destination_addr,
smpp.message_id, …, with command and status names as values), contains, matches, &&, ||, !,
and the console's own fields: dir, link, latency, msg, receipt.stat.

Run 'smppconsole COMMAND -h' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) && !isVersion(args[0]) {
		return runTUI(args, stdout, stderr)
	}
	switch args[0] {
	case "send":
		return runSend(args[1:], stdin, stdout, stderr)
	case "query":
		return runQuery(args[1:], stdin, stdout, stderr)
	case "cancel":
		return runCancel(args[1:], stdin, stdout, stderr)
	case "replace":
		return runReplace(args[1:], stdin, stdout, stderr)
	case "burst":
		return runBurst(args[1:], stdin, stdout, stderr)
	case "report":
		return runReport(args[1:], stdout, stderr)
	case "sim":
		return runSim(args[1:], stdout, stderr)
	case "decode":
		return runDecode(args[1:], stdin, stdout, stderr)
	case "stats":
		return runStats(args[1:], stdin, stdout, stderr)
	case "open":
		return runOpen(args[1:], stdout, stderr)
	case "replay":
		return runReplay(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help", "-help":
		printUsage(stdout)
		return 0
	case "version", "--version", "-version":
		fmt.Fprint(stdout, versionText(debug.ReadBuildInfo()))
		return 0
	}
	fmt.Fprintf(stderr, "smppconsole: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func isHelp(a string) bool    { return a == "-h" || a == "--help" || a == "-help" }
func isVersion(a string) bool { return a == "--version" || a == "-version" }

// printUsage is the top-level help: the commands, then every flag the TUI takes.
func printUsage(w io.Writer) {
	fmt.Fprint(w, usage)
	fmt.Fprintln(w, "\nTUI flags (smppconsole [flags]):")
	fs := flagSetForTUI(w)
	var f tuiFlags
	f.register(fs)
	fs.PrintDefaults()
}
