// Package par runs independent pieces of work on a small pool of
// persistent goroutines without allocating.
//
// A Job's pieces Do(0..n-1) must write disjoint memory; the pool only
// decides which goroutine runs which piece, never how a piece computes, so
// results are bit-identical whatever the scheduling or the number of
// workers. The calling goroutine always takes part, so Run may be nested
// (a piece may itself call Run) without deadlock: when every worker is
// busy the caller simply does all the pieces itself.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Job is a unit of parallel work split into numbered pieces.
type Job interface {
	// Do runs piece i. Pieces must not write overlapping memory.
	Do(i int)
}

type run struct {
	job       Job
	n         int64
	next      atomic.Int64
	remaining atomic.Int64
	refs      atomic.Int32
	done      chan struct{}
}

var (
	startOnce sync.Once
	helpers   chan *run
	nworkers  int
	runPool   = sync.Pool{New: func() any { return &run{done: make(chan struct{}, 1)} }}
)

// Workers is the number of goroutines that may run pieces at once
// (GOMAXPROCS at first use, the caller included).
func Workers() int {
	startOnce.Do(start)
	return nworkers + 1
}

func start() {
	nworkers = runtime.GOMAXPROCS(0) - 1
	helpers = make(chan *run, 4*nworkers+1)
	for i := 0; i < nworkers; i++ {
		go worker()
	}
}

func worker() {
	for r := range helpers {
		r.work()
		r.release()
	}
}

func (r *run) work() {
	for {
		i := r.next.Add(1) - 1
		if i >= r.n {
			return
		}
		r.job.Do(int(i))
		if r.remaining.Add(-1) == 0 {
			r.done <- struct{}{}
		}
	}
}

func (r *run) release() {
	if r.refs.Add(-1) == 0 {
		r.job = nil
		runPool.Put(r)
	}
}

// Run calls job.Do(i) for every i in [0, n), spreading the pieces over the
// pool, and returns when all are done.
func Run(n int, job Job) {
	if n <= 0 {
		return
	}
	startOnce.Do(start)
	if n == 1 || nworkers == 0 {
		for i := 0; i < n; i++ {
			job.Do(i)
		}
		return
	}
	r := runPool.Get().(*run)
	r.job, r.n = job, int64(n)
	r.next.Store(0)
	r.remaining.Store(int64(n))
	r.refs.Store(1)
	for k := 0; k < min(nworkers, n-1); k++ {
		r.refs.Add(1)
		select {
		case helpers <- r:
		default:
			r.refs.Add(-1)
		}
	}
	r.work()
	<-r.done
	r.release()
}

// Split returns the half-open range [lo, hi) of piece i when n items are
// cut into parts nearly equal, contiguous pieces.
func Split(n, parts, i int) (lo, hi int) {
	q, rem := n/parts, n%parts
	lo = i*q + min(i, rem)
	hi = lo + q
	if i < rem {
		hi++
	}
	return lo, hi
}
