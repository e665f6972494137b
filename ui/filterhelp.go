package ui

// filterHelp is the display filter's part of the full help: the language in a few
// words. The fields are many: tab in the prompt lists them, as it completes them.
func (p *helpPane) filterHelp(w int) []string {
	out := []string{" " + p.st.Bold.Render("Display filter (/): the language")}
	for _, l := range wrapWords("Wireshark's SMPP field names (smpp.command_id, smpp.source_addr, smpp.message_id, …; tab in the prompt lists them) "+
		"and ours: dir, link, latency, receipt.stat, msg. Operators == != < <= > >= contains matches (a regular expression), && || ! and parentheses. "+
		"Command and status names are values. Examples: smpp.command_id == submit_sm_resp · smpp.command_status != ESME_ROK · "+
		"dir == in && link == rx · latency > 500ms · msg == 4F1A0001 (its submits, responses and receipts) · receipt.stat == UNDELIV.", w-4) {
		out = append(out, "   "+l)
	}
	return append(out, "")
}
