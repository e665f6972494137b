package wire

import "fmt"

// tlvSize is the length a TLV's value may have: exactly Min when Min == Max.
type tlvSize struct{ Min, Max int }

// tlvSizes are the value lengths SMPP 3.4 §5.3.2 gives each TLV (5.0 §4.8.4 for
// congestion_state, billing_identification and the broadcast set; the variable-length
// broadcast TLVs are not listed). Where 3.4 says "Var. max N" for a
// C-Octet String the minimum is 1, the NUL. source_telematics_id is 1 octet as in the
// 3.4 parameter table (dest_telematics_id is 2); Wireshark reads them the same way.
// message_payload and vendor-specific tags are not listed: any length goes.
var tlvSizes = map[uint16]tlvSize{
	TagDestAddrSubunit:       {1, 1},
	TagDestNetworkType:       {1, 1},
	TagDestBearerType:        {1, 1},
	TagDestTelematicsID:      {2, 2},
	TagSourceAddrSubunit:     {1, 1},
	TagSourceNetworkType:     {1, 1},
	TagSourceBearerType:      {1, 1},
	TagSourceTelematicsID:    {1, 1},
	TagQosTimeToLive:         {4, 4},
	TagPayloadType:           {1, 1},
	TagAdditionalStatusInfo:  {1, 256},
	TagReceiptedMessageID:    {1, 65},
	TagMsMsgWaitFacilities:   {1, 1},
	TagPrivacyIndicator:      {1, 1},
	TagSourceSubaddress:      {2, 23},
	TagDestSubaddress:        {2, 23},
	TagUserMessageReference:  {2, 2},
	TagUserResponseCode:      {1, 1},
	TagSourcePort:            {2, 2},
	TagDestinationPort:       {2, 2},
	TagSarMsgRefNum:          {2, 2},
	TagLanguageIndicator:     {1, 1},
	TagSarTotalSegments:      {1, 1},
	TagSarSegmentSeqnum:      {1, 1},
	TagScInterfaceVersion:    {1, 1},
	TagCallbackNumPresInd:    {1, 1},
	TagCallbackNumAtag:       {1, 65},
	TagNumberOfMessages:      {1, 1},
	TagCallbackNum:           {4, 19},
	TagDpfResult:             {1, 1},
	TagSetDpf:                {1, 1},
	TagMsAvailabilityStatus:  {1, 1},
	TagNetworkErrorCode:      {3, 3},
	TagDeliveryFailureReason: {1, 1},
	TagMoreMessagesToSend:    {1, 1},
	TagMessageState:          {1, 1},
	TagCongestionState:       {1, 1},
	TagUssdServiceOp:         {1, 1},
	TagBillingIdentification: {1, 1024},

	TagBroadcastChannelIndicator:  {1, 1},
	TagBroadcastContentType:       {3, 3},
	TagBroadcastMessageClass:      {1, 1},
	TagBroadcastRepNum:            {2, 2},
	TagBroadcastFrequencyInterval: {3, 3},
	TagBroadcastErrorStatus:       {4, 4},
	TagBroadcastAreaSuccess:       {1, 1},
	TagSourceNodeID:               {6, 6},
	TagDestNodeID:                 {6, 6},
	TagDestAddrNPResolution:       {1, 1},
	TagDisplayTime:                {1, 1},
	TagSmsSignal:                  {2, 2},
	TagMsValidity:                 {1, 1},
	TagAlertOnMessageDelivery:     {0, 0},
	TagItsReplyType:               {1, 1},
	TagItsSessionInfo:             {2, 2},
}

// TLVSize is the value length the spec allows for tag; ok is false when it sets none.
func TLVSize(tag uint16) (min, max int, ok bool) {
	s, ok := tlvSizes[tag]
	return s.Min, s.Max, ok
}

// CheckTLVLength says, naming the TLV, when its value has a length the spec forbids.
func CheckTLVLength(t TLV) error {
	s, ok := tlvSizes[t.Tag]
	if !ok || len(t.Value) >= s.Min && len(t.Value) <= s.Max {
		return nil
	}
	name := fmt.Sprintf("%s (0x%04X)", TagName(t.Tag), t.Tag)
	switch {
	case s.Min == s.Max && s.Min == 0:
		return fmt.Errorf("%s carries no value, but %d octet(s) were given", name, len(t.Value))
	case s.Min == s.Max:
		return fmt.Errorf("%s is %d octet(s), but %d were given", name, s.Min, len(t.Value))
	}
	return fmt.Errorf("%s is %d-%d octets, but %d were given", name, s.Min, s.Max, len(t.Value))
}
