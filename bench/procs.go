package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// server is a GraphQL server process the bench starts, measures and stops.
type server struct {
	name, addr string
	cmd, env   []string
	log        string
	ready      func(*http.Client) bool

	proc *exec.Cmd
	done chan struct{}
}

// start starts the process and returns the time from its start until ready answers true.
func (s *server) start(ctx context.Context) (time.Duration, error) {
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		return 0, fmt.Errorf("%s: %s is taken by another process; stop it or give another address", s.name, s.addr)
	}
	logFile, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(s.cmd[0], s.cmd[1:]...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	client := &http.Client{Timeout: 2 * time.Second}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return 0, fmt.Errorf("starting %s: %v", s.name, err)
	}
	s.proc, s.done = cmd, make(chan struct{})
	go func() { cmd.Wait(); logFile.Close(); close(s.done) }()
	deadline := start.Add(60 * time.Second)
	for {
		if s.ready(client) {
			return time.Since(start), nil
		}
		select {
		case <-s.done:
			return 0, fmt.Errorf("%s exited during start-up; see %s", s.name, s.log)
		case <-ctx.Done():
			s.stop()
			return 0, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return 0, fmt.Errorf("%s was not ready within 60s; see %s", s.name, s.log)
		}
	}
}

// stop ends the process (SIGTERM, then SIGKILL after 20s) and waits for it.
func (s *server) stop() {
	if s.proc == nil {
		return
	}
	select {
	case <-s.done:
	default:
		s.proc.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			s.proc.Process.Kill()
			<-s.done
		}
	}
	s.proc = nil
}

func (s *server) pid() int {
	if s == nil || s.proc == nil {
		return 0
	}
	return s.proc.Process.Pid
}

// rssMiB is the resident memory of process pid now, and its peak so far (VmHWM), in MiB.
func rssMiB(pid int) (now, peak float64) {
	if pid == 0 {
		return 0, 0
	}
	path := fmt.Sprintf("/proc/%d/status", pid)
	return float64(procField(path, "VmRSS")) / 1024, float64(procField(path, "VmHWM")) / 1024
}

func readyz(addr string) func(*http.Client) bool {
	return func(c *http.Client) bool {
		resp, err := c.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
}

func graphqlAnswers(addr string) func(*http.Client) bool {
	return func(c *http.Client) bool {
		resp, err := c.Post("http://"+addr+"/graphql", "application/json", bytes.NewBufferString(`{"query":"{ __typename }"}`))
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
}
