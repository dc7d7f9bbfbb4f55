package par

import (
	"sync"
	"sync/atomic"
	"testing"
)

type countJob struct{ hits []atomic.Int32 }

func (c *countJob) Do(i int) { c.hits[i].Add(1) }

// nestedJob runs an inner Run from every piece.
type nestedJob struct{ inner []*countJob }

func (n *nestedJob) Do(i int) { Run(len(n.inner[i].hits), n.inner[i]) }

func TestRunEveryPieceOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		j := &countJob{hits: make([]atomic.Int32, n)}
		Run(n, j)
		for i := range j.hits {
			if h := j.hits[i].Load(); h != 1 {
				t.Fatalf("n=%d: piece %d ran %d times", n, i, h)
			}
		}
	}
}

func TestRunNestedAndConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := 0; rep < 50; rep++ {
				nj := &nestedJob{}
				for i := 0; i < 5; i++ {
					nj.inner = append(nj.inner, &countJob{hits: make([]atomic.Int32, 7)})
				}
				Run(len(nj.inner), nj)
				for _, c := range nj.inner {
					for i := range c.hits {
						if h := c.hits[i].Load(); h != 1 {
							t.Errorf("nested piece ran %d times", h)
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestSplit(t *testing.T) {
	for _, c := range [][2]int{{10, 3}, {3, 5}, {0, 2}, {100, 7}} {
		n, parts := c[0], c[1]
		next := 0
		for i := 0; i < parts; i++ {
			lo, hi := Split(n, parts, i)
			if lo != next || hi < lo || hi-lo > n/parts+1 || hi-lo < n/parts {
				t.Fatalf("Split(%d, %d, %d) = [%d, %d)", n, parts, i, lo, hi)
			}
			next = hi
		}
		if next != n {
			t.Fatalf("Split(%d, %d) covers [0, %d)", n, parts, next)
		}
	}
}

func TestWorkers(t *testing.T) {
	if Workers() < 1 {
		t.Fatal("no workers")
	}
}
