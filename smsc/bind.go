package smsc

import (
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// Binding: bind_transmitter, bind_receiver and bind_transceiver.

func bindTypeName(id uint32) string {
	switch id &^ wire.ResponseBit {
	case wire.BindReceiver:
		return "receiver"
	case wire.BindTransmitter:
		return "transmitter"
	case wire.BindTransceiver:
		return "transceiver"
	}
	return ""
}

func (c *conn) onBind(h wire.Header, body []byte) (bool, string) {
	s := c.srv
	var req wire.BindBody
	err := req.Decode(body)
	fail := func(status uint32, detail string) (bool, string) {
		s.n.bindFailures.Add(1)
		c.mu.Lock()
		if !c.bound {
			c.systemID = string(req.SystemID)
		}
		c.mu.Unlock()
		c.event(EventBindFailed, status, detail)
		c.respond(wire.HeaderOnly(h.ID|wire.ResponseBit, status, h.Seq))
		return false, ""
	}
	if st, why, nack := verdict(&req, err, 0); nack {
		c.nack(h.Seq, st, wire.CommandName(h.ID)+": "+why.Error())
		return false, ""
	} else if why != nil {
		return fail(st, why.Error())
	}
	c.mu.Lock()
	already := c.bound
	c.mu.Unlock()
	if already {
		c.srv.n.bindFailures.Add(1)
		c.event(EventProtocol, wire.StatusAlyBnd, "second bind on a bound connection")
		c.respond(wire.HeaderOnly(h.ID|wire.ResponseBit, wire.StatusAlyBnd, h.Seq))
		return false, ""
	}
	a, ok := s.accounts[string(req.SystemID)]
	if !ok {
		return fail(wire.StatusInvSysID, "unknown system_id")
	}
	if subtle.ConstantTimeCompare(req.Password, []byte(a.cfg.Password)) != 1 {
		return fail(wire.StatusInvPaswd, "wrong password")
	}
	if why := s.takeSession(c); why != "" {
		fail(wire.StatusBindFail, why)
		return true, why
	}
	c.mu.Lock()
	c.own.count = &a.queued
	c.mu.Unlock()
	a.mu.Lock()
	if a.limits.MaxBinds > 0 && a.binds >= a.limits.MaxBinds {
		a.mu.Unlock()
		s.giveBackSession(c)
		return fail(wire.StatusBindFail, fmt.Sprintf("max_binds %d reached for the system_id", a.limits.MaxBinds))
	}
	a.binds++
	if h.ID != wire.BindTransmitter {
		a.receivers = append(a.receivers, c)
	}
	a.mu.Unlock()
	c.acct, c.limits, c.faults = a, a.limits, a.faults
	c.tokens = float64(c.burst())
	c.refilled = time.Now().UnixNano()
	c.mu.Lock()
	c.bound, c.bindID, c.systemID = true, h.ID, a.cfg.SystemID
	c.v34 = req.InterfaceVersion >= wire.InterfaceVersion34 && s.version != wire.InterfaceVersion33
	c.v50 = req.InterfaceVersion >= wire.InterfaceVersion50 && s.version == wire.InterfaceVersion50
	c.elLast = time.Now().UnixNano()
	c.mu.Unlock()
	_ = c.nc.SetReadDeadline(time.Time{})

	resp := wire.BindRespBody{Command: h.ID | wire.ResponseBit, SystemID: []byte(smscSystemID)}
	if v := s.scVersion(req.InterfaceVersion); v != 0 {
		resp.TLVs = []wire.TLV{wire.Uint8TLV(wire.TagScInterfaceVersion, v)}
	}
	_ = c.out.Send(wire.AppendPDU(make([]byte, 0, 40), &resp, wire.StatusOK, h.Seq))
	s.n.binds.Add(1)
	c.everBound.Store(true)
	c.event(EventBind, 0, fmt.Sprintf("interface_version 0x%02X", req.InterfaceVersion))
	c.signal() // a receiver may have receipts waiting
	return false, ""
}

// smscSystemID is the system_id the server gives in bind_*_resp: it names the SMSC.
const smscSystemID = "smppconsole"
