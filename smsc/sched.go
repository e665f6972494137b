package smsc

import (
	"math"
	"sync"
	"time"
)

// The scheduler is one goroutine with a min-heap of timed tasks: receipts falling due,
// deliver_sm retries. Receipts never get a timer or goroutine of their own. It wakes at
// most once a millisecond (a task pushed to fall due sooner than the next wake-up only
// signals it when the wake-up is more than a millisecond away), so a burst of receipts
// is handled in batches.

type taskKind uint8

const (
	taskIntermediate taskKind = iota // ENROUTE receipt
	taskFinal                        // final receipt
	taskRetry                        // deliver_sm to send again
)

type task struct {
	at   int64
	seq  uint64 // ties in order of pushing
	n    uint64 // message number
	d    *delivery
	kind taskKind
	dest uint8 // destination index (submit_multi)
}

const granularity = int64(time.Millisecond)

type scheduler struct {
	mu     sync.Mutex
	heap   []task
	seq    uint64
	target int64 // when the loop will next look, MaxInt64 when idle
	wake   chan struct{}
}

func newScheduler() *scheduler {
	return &scheduler{wake: make(chan struct{}, 1), target: math.MaxInt64}
}

func (s *scheduler) push(t task) {
	s.mu.Lock()
	t.seq = s.seq
	s.seq++
	s.heap = append(s.heap, t)
	s.up(len(s.heap) - 1)
	signal := t.at < s.target-granularity
	if signal {
		s.target = t.at
	}
	s.mu.Unlock()
	if signal {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// due moves the tasks due by now into out.
func (s *scheduler) due(now int64, out []task) []task {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.heap) > 0 && s.heap[0].at <= now {
		out = append(out, s.heap[0])
		last := len(s.heap) - 1
		s.heap[0] = s.heap[last]
		s.heap[last] = task{}
		s.heap = s.heap[:last]
		s.down(0)
	}
	return out
}

// sleepUntil decides when the loop looks next: at the first task or at, whichever
// comes first, but not sooner than a millisecond from now. Pushes see the decision.
func (s *scheduler) sleepUntil(now, at int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.heap) > 0 && s.heap[0].at < at {
		at = s.heap[0].at
	}
	at = max(at, now+granularity)
	s.target = at
	return at
}

// first is when the earliest task falls due; ok is false when there is none.
func (s *scheduler) first() (at int64, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.heap) == 0 {
		return 0, false
	}
	return s.heap[0].at, true
}

func (s *scheduler) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.heap)
}

func (s *scheduler) less(i, j int) bool {
	a, b := &s.heap[i], &s.heap[j]
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

func (s *scheduler) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.heap[i], s.heap[p] = s.heap[p], s.heap[i]
		i = p
	}
}

func (s *scheduler) down(i int) {
	n := len(s.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.heap[i], s.heap[m] = s.heap[m], s.heap[i]
		i = m
	}
}
