package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

// shutdownTest: with requests in flight, SIGTERM the server; it must stop accepting at
// once, finish those requests, close the driver and exit 0 within the bound.
func shutdownTest(ctx context.Context, e *env, o *options, rep *report) error {
	sec := rep.section("shutdown: SIGTERM with requests in flight")
	srv, err := e.startServer(ctx, "shutdown")
	if err != nil {
		return err
	}
	defer srv.kill()
	c := newClient(e.base(), 60*time.Second)
	corsChecks(ctx, c, rep.section("access: CORS without an allow-list"), false)

	// Slow requests: the body trickles in over `trickle`, so each is in flight for that long
	// whatever the machine's speed; and heavy queries (subgraph depth 3 with measures).
	const trickle = 4 * time.Second
	type outcome struct {
		what   string
		status int
		ok     bool
		err    error
		took   time.Duration
	}
	var mu sync.Mutex
	var outcomes []outcome
	var wg sync.WaitGroup
	started := make(chan struct{}, 16)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t0 := time.Now()
			st, ok, err := trickleRequest(e.addr, `{"query":"{ actor(id: \"mali\") { id name } }"}`, trickle, started)
			mu.Lock()
			outcomes = append(outcomes, outcome{fmt.Sprintf("trickled body %d", i), st, ok, err, time.Since(t0)})
			mu.Unlock()
		}(i)
	}
	heavy := `query Heavy { subgraph(seeds: ["mali", "russia", "wagner-group", "icc", "niger", "burkina-faso"], depth: 3, accusations: true, limit: 2000) {
		nodes { id label degree } edges { id source target type } truncated
		measures { modularity } } }`
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			started <- struct{}{}
			t0 := time.Now()
			// A few in a row, so that some are in flight when SIGTERM arrives.
			for j := 0; j < 3; j++ {
				r := c.do(context.Background(), "", heavy, nil)
				mu.Lock()
				outcomes = append(outcomes, outcome{fmt.Sprintf("subgraph depth 3 #%d.%d", i, j), r.Status, r.ok(), r.Err, time.Since(t0)})
				mu.Unlock()
				if r.Err != nil {
					return // the listener is closed: expected for the requests after SIGTERM
				}
			}
		}(i)
	}
	for i := 0; i < 6; i++ {
		<-started
	}
	time.Sleep(1200 * time.Millisecond) // the trickled requests are well under way
	inflight := metricValue(e.base(), "actorgraph_http_requests_in_flight")

	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	tTerm := time.Now()

	// New connections must be refused promptly.
	var refusedAfter time.Duration
	for time.Since(tTerm) < 5*time.Second {
		conn, err := net.DialTimeout("tcp", e.addr, 200*time.Millisecond)
		if err != nil {
			refusedAfter = time.Since(tTerm)
			break
		}
		conn.Close()
		time.Sleep(20 * time.Millisecond)
	}
	bound := 15*time.Second + 5*time.Second // serve's shutdown bound, plus slack
	var exitAfter time.Duration
	select {
	case <-srv.done:
		exitAfter = srv.exited.Sub(tTerm)
	case <-time.After(bound):
		srv.kill()
		sec.fail("the server had not exited %s after SIGTERM; killed", bound)
	}
	wg.Wait()
	code := srv.exitCode()

	trickledOK, heavyOK, heavyRefused := 0, 0, 0
	for _, oc := range outcomes {
		switch {
		case strings.HasPrefix(oc.what, "trickled"):
			if oc.ok && oc.status == http.StatusOK {
				trickledOK++
			} else {
				sec.fail("%s, in flight at SIGTERM, did not complete: HTTP %d ok=%v err=%v", oc.what, oc.status, oc.ok, oc.err)
			}
		case oc.err != nil:
			heavyRefused++
		case oc.ok:
			heavyOK++
		default:
			sec.fail("%s failed: HTTP %d", oc.what, oc.status)
		}
	}
	sec.fig("in flight at SIGTERM", "%.0f requests (server's gauge); 3 with bodies trickling over %s, 3 loops of subgraph depth 3", inflight, trickle)
	sec.fig("in-flight requests completed", "%d of 3 trickled (HTTP 200 with data); subgraph: %d answered, %d refused after SIGTERM", trickledOK, heavyOK, heavyRefused)
	if refusedAfter == 0 {
		sec.fail("new connections were still accepted 5 s after SIGTERM")
	} else {
		sec.fig("new connections refused", "%.0f ms after SIGTERM", float64(refusedAfter.Microseconds())/1000)
	}
	sec.fig("exit", "code %d, %.2f s after SIGTERM (bound %s)", code, exitAfter.Seconds(), bound)
	if code != 0 {
		sec.fail("the server exited %d; its log ends:\n%s", code, tailFile(srv.log, 1500))
	}
	logText, _ := os.ReadFile(srv.log)
	if !strings.Contains(string(logText), `"msg":"stopped"`) {
		sec.fail("the log does not say the server stopped")
	}
	sec.fig("driver", "closed by serve's deferred Store.Close after http.Server.Shutdown returned (the log says \"stopped\"; not observable from outside)")

	// A client that never finishes its body: the server waits for it up to its bound.
	srv2, err := e.startServer(ctx, "shutdown-stall")
	if err != nil {
		return err
	}
	defer srv2.kill()
	stallDone := make(chan struct{})
	go func() {
		defer close(stallDone)
		trickleRequest(e.addr, `{"query":"{ __typename }"}`, 60*time.Second, nil)
	}()
	time.Sleep(time.Second)
	t2 := time.Now()
	srv2.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-srv2.done:
		sec.fig("with a client stalled mid-body", "exit code %d after %.1f s (serve's shutdown bound is 15 s; the request's read deadline 30 s)",
			srv2.exitCode(), srv2.exited.Sub(t2).Seconds())
		if srv2.exited.Sub(t2) > bound {
			sec.fail("with a stalled client the server took %.1f s to exit", srv2.exited.Sub(t2).Seconds())
		}
	case <-time.After(bound + 10*time.Second):
		srv2.kill()
		sec.fail("with a stalled client the server had not exited %s after SIGTERM", bound+10*time.Second)
	}
	return nil
}

// trickleRequest posts body to /graphql over a raw connection, sending it a byte at a time
// spread over d; it tells started once the headers are out. It reports the status and
// whether the answer held data and no errors.
func trickleRequest(addr, body string, d time.Duration, started chan<- struct{}) (int, bool, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		if started != nil {
			started <- struct{}{}
		}
		return 0, false, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", addr, len(body))
	if started != nil {
		started <- struct{}{}
	}
	step := d / time.Duration(len(body))
	for i := 0; i < len(body); i++ {
		if _, err := conn.Write([]byte{body[i]}); err != nil {
			return 0, false, err
		}
		time.Sleep(step)
	}
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, err == nil && out.Data != nil && len(out.Errors) == 0, err
}

// metricValue reads one unlabelled sample from /metrics (0 if absent).
func metricValue(base, name string) float64 {
	m, _ := scrape(base)
	return m[name]
}

// scrape reads /metrics' unlabelled samples.
func scrape(base string) (map[string]float64, error) {
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, val, ok := strings.Cut(line, " ")
		if !ok || strings.Contains(name, "{") {
			continue
		}
		var v float64
		if _, err := fmt.Sscanf(val, "%g", &v); err == nil {
			out[name] = v
		}
	}
	return out, sc.Err()
}
