package quality

// ClientReport is what a browser caller measured about its own side of a
// leg (W3C webrtc-stats names, times in seconds), sent with the leg's
// Report. Like Report it holds statistics only: the browser is named by
// family and major version, and network addresses appear, if at all, as
// keyed hashes that cannot be reversed without the server's key.
type ClientReport struct {
	// Browser is the family ("Chrome", "Firefox", "Safari", "Edge",
	// "other") and BrowserVersion its major version.
	Browser        string `json:"browser"`
	BrowserVersion string `json:"browserVersion,omitempty"`
	// AddrHash is a keyed hash of the address the caller connected from.
	AddrHash string `json:"addrHash,omitempty"`
	// Reports counts the summaries the client sent; the figures below
	// are from the last one.
	Reports int `json:"reports"`

	// Outbound RTP (what the browser sent us).
	PacketsSent uint64 `json:"packetsSent"`
	BytesSent   uint64 `json:"bytesSent"`
	// AudioLevel is the microphone level, 0..1, and
	// TotalSamplesDuration the seconds of audio captured.
	AudioLevel           float64 `json:"audioLevel"`
	TotalSamplesDuration float64 `json:"totalSamplesDuration"`

	// Remote-inbound RTP: what our receiver reports told the browser.
	RemotePacketsLost   int64    `json:"remotePacketsLost"`
	RemoteJitter        float64  `json:"remoteJitter"`
	RemoteFractionLost  float64  `json:"remoteFractionLost"`
	RemoteRoundTripTime *float64 `json:"remoteRoundTripTime,omitempty"`

	// CurrentRoundTripTime is the selected ICE candidate pair's STUN
	// round-trip time.
	CurrentRoundTripTime *float64 `json:"currentRoundTripTime,omitempty"`

	// Inbound RTP, if the browser receives audio from us.
	InboundPacketsReceived uint64  `json:"inboundPacketsReceived,omitempty"`
	InboundPacketsLost     int64   `json:"inboundPacketsLost,omitempty"`
	InboundJitter          float64 `json:"inboundJitter,omitempty"`
	ConcealedSamples       uint64  `json:"concealedSamples,omitempty"`
	ConcealmentEvents      uint64  `json:"concealmentEvents,omitempty"`
}
