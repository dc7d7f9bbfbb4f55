package homogenization_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization"
)

// Two representations of four instances: y is x rotated by 90° and
// scaled by 2, so linear CKA is exactly 1.
func ExampleLinearCKA() {
	x := mat.NewDense(4, 2, []float64{1, 0, 0, 2, -1, 1, 3, -2})
	y := mat.NewDense(4, 2, []float64{0, 2, -4, 0, -2, -2, 4, 6})
	v, err := homogenization.LinearCKA(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("CKA = %.6f\n", v)
	// Output: CKA = 1.000000
}

// Three models on five instances: the first instance defeats all of them.
func ExampleOutcomeHomogenization() {
	fail := mat.NewDense(5, 3, []float64{
		1, 1, 1,
		0, 1, 0,
		0, 0, 0,
		1, 0, 0,
		0, 0, 1,
	})
	o, err := homogenization.OutcomeHomogenization(fail, nil)
	if err != nil {
		panic(err)
	}
	// Each model fails 2 of 5: independence predicts (2/5)³ = 6.4% systemic
	// failures; 1 in 5 is observed.
	fmt.Printf("systemic %.3f, independent %.3f, H_unif %.4f\n", o.SystemicRate, o.IndependentRate, o.Unif)
	// Output: systemic 0.200, independent 0.064, H_unif 3.1250
}
