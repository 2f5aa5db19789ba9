package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server is a `tend serve` child process on a loopback port.
type Server struct {
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
	err  error

	mu      sync.Mutex
	peakRSS uint64
	stop    chan struct{}
}

// StartServer runs bin serve with env added to this process's environment,
// listening on a free 127.0.0.1 port, its output to logPath, and waits until
// /readyz answers. The child dies with this process (Linux), so an
// interrupted bench leaves no server behind.
func StartServer(ctx context.Context, bin string, env []string, logPath string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), env...), "TEND_LISTEN="+addr, "TEND_BASE_URL=http://"+addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{URL: "http://" + addr, cmd: cmd, done: make(chan struct{}), stop: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	probe := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("the server did not become ready within 60 s; see %s", logPath)
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("the server exited: %v; see %s", s.err, logPath)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		res, err := probe.Get(s.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
	}
	go s.sample()
	return s, nil
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Memory reads the server's resident memory now and its peak so far
// (VmHWM, which the kernel keeps, so no spike between samples is missed).
func (s *Server) Memory() (Memory, error) { return ReadMemory(s.PID()) }

// ResetPeak starts the peak figures afresh, so that the next Memory's HWM
// and PeakSampledRSS describe only what follows: the sampler's maximum is
// cleared and the kernel's VmHWM reset (writing 5 to clear_refs).
func (s *Server) ResetPeak() error {
	s.mu.Lock()
	s.peakRSS = 0
	s.mu.Unlock()
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.PID()), []byte("5"), 0)
}

// PeakSampledRSS is the largest VmRSS seen by the 100 ms sampler.
func (s *Server) PeakSampledRSS() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peakRSS
}

func (s *Server) sample() {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.done:
			return
		case <-t.C:
		}
		if m, err := s.Memory(); err == nil {
			s.mu.Lock()
			s.peakRSS = max(s.peakRSS, m.RSS)
			s.mu.Unlock()
		}
	}
}

// Stop asks the server to shut down (SIGTERM, as a deployment would) and
// kills it after 15 seconds.
func (s *Server) Stop() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Memory is a process's resident set, in bytes.
type Memory struct {
	RSS uint64 // VmRSS: now
	HWM uint64 // VmHWM: the peak since the process started
}

// ReadMemory reads /proc/<pid>/status.
func ReadMemory(pid int) (Memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	var m Memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			continue
		}
		switch key {
		case "VmRSS":
			m.RSS = kb << 10
		case "VmHWM":
			m.HWM = kb << 10
		}
	}
	if m.HWM == 0 {
		return m, errors.New("no VmHWM in /proc status")
	}
	return m, sc.Err()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// SignIn signs in through the real form, POST /login, as a browser would,
// and returns the session cookie ("tend_session=...") for later requests.
func SignIn(ctx context.Context, base, email, password string) (string, error) {
	form := url.Values{"email": {email}, "password": {password}, "next": {"/"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("sign in as %s: status %d", email, res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if c.Name == "tend_session" && c.Value != "" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("sign in as %s: no session cookie", email)
}

// CPUTime is the CPU time (user and system) a process has used so far.
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; the fields after it
	// start after its closing parenthesis.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc stat format")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("unexpected /proc stat format")
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("unexpected /proc stat format")
	}
	// Linux reports clock ticks of 1/100 s (USER_HZ) on every platform Go runs on.
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// DatabaseCPU sums the CPU time of the PostgreSQL backends serving database
// name on this machine (found by their process titles). Backends that exit
// in between are missed, so use it around runs whose connections stay open.
func DatabaseCPU(name string) time.Duration {
	entries, _ := os.ReadDir("/proc")
	var total time.Duration
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !strings.HasPrefix(string(cmd), "postgres:") || !strings.Contains(string(cmd), " "+name+" ") {
			continue
		}
		if d, err := CPUTime(pid); err == nil {
			total += d
		}
	}
	return total
}
