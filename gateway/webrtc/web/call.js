// Earshot caller widget: places a WHIP call from the microphone, shows the
// redacted captions of what the bot heard and the call quality, and posts
// getStats() summaries (numbers only, no addresses) for the quality record.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const route = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "bot");
  const statsEvery = 3000;

  let pc = null, stream = null, resource = null, token = null, callId = null;
  let statsTimer = null, captions = null, ended = false;

  $("consent").checked = params.get("consent") === "1";

  function status(text) { $("status").textContent = text; }

  function setButtons(inCall) {
    $("call").disabled = inCall;
    $("mute").disabled = !inCall;
    $("hangup").disabled = !inCall;
    $("consent").disabled = inCall;
  }

  function iceGathered(conn, ms) {
    if (conn.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      conn.addEventListener("icegatheringstatechange", () => {
        if (conn.iceGatheringState === "complete") { clearTimeout(t); resolve(); }
      });
    });
  }

  async function start() {
    ended = false;
    setButtons(true);
    status("Asking for the microphone…");
    try {
      // The recogniser does best on the microphone as it is: no echo to
      // cancel (nothing is played back), and the browser's noise
      // suppression and gain control change the speech from moment to
      // moment.
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      });
    } catch (e) {
      status("Microphone not available: " + e.name);
      setButtons(false);
      return;
    }
    status("Connecting…");
    pc = new RTCPeerConnection();
    for (const track of stream.getAudioTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
    pc.addEventListener("connectionstatechange", () => {
      if (pc && pc.connectionState === "connected") status("In call");
      if (pc && pc.connectionState === "failed") { status("Connection lost"); stop(false); }
    });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc, 2000);
    const consent = $("consent").checked ? "1" : "0";
    let resp;
    try {
      resp = await fetch("/whip/" + encodeURIComponent(route) + "?consent=" + consent, {
        method: "POST", headers: { "Content-Type": "application/sdp" }, body: pc.localDescription.sdp,
      });
    } catch (e) {
      status("Could not reach the server");
      stop(false);
      return;
    }
    if (resp.status !== 201) {
      status("Call refused: " + (await resp.text()).trim());
      stop(false);
      return;
    }
    resource = resp.headers.get("Location");
    token = resource.split("/").pop();
    callId = resp.headers.get("Earshot-Call-Id");
    document.body.dataset.callId = callId;
    await pc.setRemoteDescription({ type: "answer", sdp: await resp.text() });
    readCaptions();
    statsTimer = setInterval(postStats, statsEvery);
    // hangup=N ends the call after N seconds (kiosks, tests).
    const after = Number(params.get("hangup"));
    if (after > 0) setTimeout(() => stop(true), after * 1000);
  }

  // summary picks the figures the server keeps from a getStats() report.
  function summary(report) {
    const s = {};
    let pairId = null;
    report.forEach((r) => { if (r.type === "transport" && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId; });
    report.forEach((r) => {
      switch (r.type) {
      case "outbound-rtp":
        if (r.kind === "audio") s.outbound = { packetsSent: r.packetsSent || 0, bytesSent: r.bytesSent || 0 };
        break;
      case "media-source":
        if (r.kind === "audio") s.source = { audioLevel: r.audioLevel || 0, totalSamplesDuration: r.totalSamplesDuration || 0 };
        break;
      case "remote-inbound-rtp":
        if (r.kind === "audio") s.remoteInbound = { packetsLost: r.packetsLost || 0, jitter: r.jitter || 0, fractionLost: r.fractionLost || 0, roundTripTime: r.roundTripTime };
        break;
      case "candidate-pair":
        if (r.id === pairId || (!pairId && r.nominated && r.state === "succeeded")) s.candidatePair = { currentRoundTripTime: r.currentRoundTripTime };
        break;
      case "inbound-rtp":
        if (r.kind === "audio") s.inbound = { packetsReceived: r.packetsReceived || 0, packetsLost: r.packetsLost || 0, jitter: r.jitter || 0, concealedSamples: r.concealedSamples || 0, concealmentEvents: r.concealmentEvents || 0 };
        break;
      }
    });
    return s;
  }

  async function postStats() {
    if (!pc || !callId) return;
    try {
      const s = summary(await pc.getStats());
      if (s.candidatePair && typeof s.candidatePair.currentRoundTripTime === "number") showRTT(s.candidatePair.currentRoundTripTime);
      const r = await fetch("/api/v1/calls/" + encodeURIComponent(callId) + "/stats", {
        method: "POST", headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token }, body: JSON.stringify(s),
      });
      document.body.dataset.statsPosted = String(Number(document.body.dataset.statsPosted || 0) + (r.ok ? 1 : 0));
    } catch (e) { /* the next round tries again */ }
  }

  function showRTT(rtt) { $("quality").title = "round trip " + Math.round(rtt * 1000) + " ms"; }

  function showMOS(mos) {
    const q = $("quality");
    q.dataset.mos = mos.toFixed(2);
    q.dataset.level = mos >= 4 ? "good" : mos >= 3.6 ? "fair" : "poor";
    q.textContent = (mos >= 4 ? "good" : mos >= 3.6 ? "fair" : "poor") + " (MOS " + mos.toFixed(1) + ")";
  }

  function onCaption(m) {
    if (m.type === "caption") {
      if (m.final) {
        const li = document.createElement("li");
        li.textContent = m.text;
        $("captions").appendChild(li);
        $("partial").textContent = "";
      } else {
        $("partial").textContent = m.text;
      }
    } else if (m.type === "quality" && m.mos > 0) {
      showMOS(m.mos);
    } else if (m.type === "ended") {
      status("Call ended");
      stop(false);
    }
  }

  // readCaptions streams the call's server-sent events with the call's
  // token in a header (never in a URL).
  async function readCaptions() {
    const ctl = new AbortController();
    captions = ctl;
    try {
      const resp = await fetch("/api/v1/calls/" + encodeURIComponent(callId) + "/captions", {
        headers: { "Authorization": "Bearer " + token }, signal: ctl.signal,
      });
      if (!resp.ok) return;
      const reader = resp.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const line of block.split("\n")) {
            if (line.startsWith("data: ")) onCaption(JSON.parse(line.slice(6)));
          }
        }
      }
    } catch (e) { /* aborted at hang-up */ }
  }

  async function stop(hangup) {
    if (ended) return;
    ended = true;
    if (statsTimer) { clearInterval(statsTimer); statsTimer = null; }
    if (hangup && pc) await postStats();
    if (hangup && resource) {
      try { await fetch(resource, { method: "DELETE" }); } catch (e) { /* the server ends it on ICE timeout */ }
      status("Call ended");
    }
    // The caption stream ends by itself after the call's last captions;
    // cut it only if it lingers.
    if (captions) { const c = captions; setTimeout(() => c.abort(), 10000); }
    if (pc) { pc.close(); pc = null; }
    if (stream) { stream.getTracks().forEach((t) => t.stop()); stream = null; }
    resource = null;
    setButtons(false);
  }

  $("call").addEventListener("click", () => { start(); });
  $("hangup").addEventListener("click", () => { stop(true); });
  $("mute").addEventListener("click", () => {
    if (!stream) return;
    const muted = $("mute").getAttribute("aria-pressed") !== "true";
    stream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
    $("mute").setAttribute("aria-pressed", String(muted));
    $("mute").textContent = muted ? "Unmute" : "Mute";
  });
  window.addEventListener("pagehide", () => { if (resource) fetch(resource, { method: "DELETE", keepalive: true }); });
  window.earshotHangup = () => stop(true);
  if (params.get("autostart") === "1") start();
})();
