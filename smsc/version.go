package smsc

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/smppconsole/smppconsole/wire"
)

// Interface versions. Config.InterfaceVersion chooses what the server is; a bind's own
// interface_version still limits what is sent to it: an ESME that bound with 3.3 gets
// no TLV, one that bound with 3.4 no SMPP 5.0 TLV, whatever the server is.
//
//	server  sc_interface_version  TLVs sent             data_sm        congestion_state
//	3.3     none                  none                  generic_nack   never
//	3.4     0x34                  3.4 ones              served         never
//	5.0     0x50                  3.4 and 5.0 ones      served         to 5.0 binds
//	(empty) 0x34                  3.4 ones              served         Limits.Congestion, to 3.4+ binds
//
// A 3.3 server also ignores the TLVs of requests (message_payload included), as an
// SMSC that predates them would.

// versionOf reads Config.InterfaceVersion: 0 for empty, else 0x33, 0x34 or 0x50.
func versionOf(s string) (byte, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	v, err := wire.ParseInterfaceVersion(s)
	if err != nil {
		return 0, err
	}
	if v < wire.InterfaceVersion33 {
		v = wire.InterfaceVersion33 // 3.3 or earlier: the server acts as 3.3
	}
	return v, nil
}

// receiptsAsData reads Config.ReceiptsAs.
func receiptsAsData(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "deliver_sm", "deliver":
		return false, nil
	case "data_sm", "data":
		return true, nil
	}
	return false, fmt.Errorf("receipts_as %q: want deliver_sm or data_sm", s)
}

func (c Config) validateVersion() []error {
	var errs []error
	v, err := versionOf(c.InterfaceVersion)
	if err != nil {
		errs = append(errs, fmt.Errorf("interface_version: %v", err))
	}
	data, err := receiptsAsData(c.ReceiptsAs)
	if err != nil {
		errs = append(errs, err)
	}
	if data && v == wire.InterfaceVersion33 {
		errs = append(errs, errors.New("receipts_as data_sm needs interface_version 3.4 or 5.0: SMPP 3.3 has no data_sm"))
	}
	if v == wire.InterfaceVersion33 || v == wire.InterfaceVersion34 {
		congested := c.Limits.Congestion
		for _, a := range c.Accounts {
			congested = congested || a.Limits.Congestion
		}
		if congested {
			errs = append(errs, fmt.Errorf("congestion needs interface_version 5.0 (or none): congestion_state is an SMPP 5.0 TLV, which a %s server does not send", wire.InterfaceVersionName(v)))
		}
	}
	if c.Outbind != "" {
		if _, port, err := net.SplitHostPort(c.Outbind); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("outbind address %q: want host:port", c.Outbind))
		}
	}
	if c.OutbindRetry < 0 {
		errs = append(errs, errors.New("outbind_retry is negative"))
	}
	return errs
}

// scVersion is the sc_interface_version the server puts in bind_resp, 0 for none: a
// 3.3 server has no TLVs, and an ESME that bound with 3.3 gets none.
func (s *Server) scVersion(esme byte) byte {
	switch {
	case s.version == wire.InterfaceVersion33 || esme < wire.InterfaceVersion34:
		return 0
	case s.version == wire.InterfaceVersion50:
		return wire.InterfaceVersion50
	}
	return wire.InterfaceVersion34
}

// versionName is what Describe says the server speaks.
func (s *Server) versionName() string {
	if s.version == 0 {
		return "3.4"
	}
	return wire.InterfaceVersionName(s.version)
}

// congestionOn says whether c's OK responses carry congestion_state.
func (c *conn) congestionOn() bool {
	if c.srv.version == 0 {
		return c.limits.Congestion && c.v34
	}
	return c.v50
}
