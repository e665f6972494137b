package main

import (
	"fmt"
	"net"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
	"github.com/smppconsole/smppconsole/wire"
)

// versionFlags registers the simulator's --interface-version, --outbind and
// --receipts-as flags (the [sim] keys interface_version, outbind, outbind_system_id,
// outbind_retry and receipts_as).
func versionFlags(str func(string, string, func(*smsc.Config, string) error), dur func(string, string, func(*smsc.Config) *time.Duration)) {
	str("interface-version", "SMPP `version` the simulator acts as: 3.3 (no TLVs, no data_sm), 3.4 or 5.0 (congestion_state); default 3.4", func(c *smsc.Config, v string) error {
		n, err := wire.ParseInterfaceVersion(v)
		if err != nil {
			return fmt.Errorf("--interface-version: %v", err)
		}
		if n < wire.InterfaceVersion33 {
			n = wire.InterfaceVersion33 // 3.3 or earlier: the simulator acts as 3.3
		}
		c.InterfaceVersion = wire.InterfaceVersionName(n)
		return nil
	})
	str("outbind", "dial `HOST:PORT`, send outbind there and serve the bind_receiver that answers it; dialled again while the simulator runs", func(c *smsc.Config, v string) error {
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			return fmt.Errorf("--outbind %q: want HOST:PORT", v)
		}
		c.Outbind = v
		return nil
	})
	str("outbind-system-id", "the account (`system_id`) whose system_id and password the outbind carries (default the first account)", func(c *smsc.Config, v string) error {
		c.OutbindSystemID = v
		return nil
	})
	dur("outbind-retry", "first `delay` before dialling the outbind address again, doubling up to 30s (default 1s)", func(c *smsc.Config) *time.Duration { return &c.OutbindRetry })
	str("receipts-as", "send receipts as `deliver_sm` (default) or data_sm", func(c *smsc.Config, v string) error {
		switch v {
		case "deliver_sm", "data_sm":
			c.ReceiptsAs = v
			return nil
		}
		return fmt.Errorf("--receipts-as %q: want deliver_sm or data_sm", v)
	})
}
