package classify

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// sparse is one row of the design matrix: feature indexes and their values.
type sparse struct {
	idx []int32
	val []float32
}

// softmaxLR is a multinomial logistic regression over sparse rows: K classes, D features,
// weights laid out feature-major (w[j*K+k]) followed by K biases.
type softmaxLR struct {
	K, D int
	W    []float64
}

// scores returns the K logits of a row into out.
func (m *softmaxLR) scores(x sparse, out []float64) {
	K := m.K
	copy(out, m.W[m.D*K:])
	for n, j := range x.idx {
		v := float64(x.val[n])
		w := m.W[int(j)*K : int(j)*K+K]
		for k := range K {
			out[k] += v * w[k]
		}
	}
}

// trainLR fits the weights by L-BFGS (gonum/optimize) on the mean log loss plus
// l2/2·‖w‖² (biases unpenalised), with per-row weights rw (nil for 1). The gradient is
// computed on up to GOMAXPROCS goroutines.
func trainLR(rows []sparse, y []int, rw []float64, K, D int, l2 float64, maxIter int) (*softmaxLR, error) {
	if len(rows) == 0 {
		return nil, errors.New("no training rows")
	}
	n := len(rows)
	P := D*K + K
	workers := min(runtime.GOMAXPROCS(0), 4, n)
	grads := make([][]float64, workers)
	for i := range grads {
		grads[i] = make([]float64, P)
	}
	total := 0.0
	for i := range rows {
		if rw == nil {
			total++
		} else {
			total += rw[i]
		}
	}

	// eval computes the objective and its gradient together; Func and Grad share it
	// through a one-entry cache, since L-BFGS asks for both at each point.
	var lastX []float64
	var lastF float64
	lastG := make([]float64, P)
	eval := func(x []float64) {
		if lastX != nil && floats.Equal(lastX, x) {
			return
		}
		losses := make([]float64, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				g := grads[w]
				clear(g)
				z := make([]float64, K)
				for i := w; i < n; i += workers {
					r := rows[i]
					copy(z, x[D*K:])
					for t, j := range r.idx {
						v := float64(r.val[t])
						wj := x[int(j)*K : int(j)*K+K]
						for k := range K {
							z[k] += v * wj[k]
						}
					}
					mx := z[0]
					for _, v := range z[1:] {
						mx = math.Max(mx, v)
					}
					sum := 0.0
					for k := range K {
						z[k] = math.Exp(z[k] - mx)
						sum += z[k]
					}
					c := 1.0
					if rw != nil {
						c = rw[i]
					}
					losses[w] -= c * math.Log(z[y[i]]/sum)
					for k := range K {
						z[k] /= sum
					}
					z[y[i]] -= 1
					for k := range K {
						z[k] *= c
					}
					for t, j := range r.idx {
						v := float64(r.val[t])
						gj := g[int(j)*K : int(j)*K+K]
						for k := range K {
							gj[k] += v * z[k]
						}
					}
					for k := range K {
						g[D*K+k] += z[k]
					}
				}
			}(w)
		}
		wg.Wait()
		loss := 0.0
		for _, l := range losses {
			loss += l
		}
		copy(lastG, grads[0])
		for w := 1; w < workers; w++ {
			floats.Add(lastG, grads[w])
		}
		floats.Scale(1/total, lastG)
		loss /= total
		reg := 0.0
		for i := 0; i < D*K; i++ {
			reg += x[i] * x[i]
			lastG[i] += l2 * x[i]
		}
		lastF = loss + l2/2*reg
		lastX = append(lastX[:0], x...)
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 { eval(x); return lastF },
		Grad: func(g, x []float64) { eval(x); copy(g, lastG) },
	}
	settings := &optimize.Settings{
		MajorIterations:   maxIter,
		GradientThreshold: 1e-6,
		Converger:         &optimize.FunctionConverge{Relative: 1e-7, Iterations: 10},
	}
	res, err := optimize.Minimize(p, make([]float64, P), settings, &optimize.LBFGS{Store: 20})
	if err != nil && res == nil {
		return nil, fmt.Errorf("L-BFGS: %w", err)
	}
	// Stopping at the iteration limit or on a line search that cannot improve further
	// still leaves a usable optimum of a convex problem.
	return &softmaxLR{K: K, D: D, W: res.X}, nil
}
