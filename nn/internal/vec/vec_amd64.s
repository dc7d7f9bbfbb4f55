//go:build amd64 && !purego

#include "textflag.h"

// EXPBODY computes Y1 = e^Y0 for 8 lanes (Y0 preserved, Y2-Y5
// clobbered): Cody-Waite reduction x = n·ln2 + r with n rounded by the
// 1.5·2²³ trick, a degree-7 Taylor polynomial for e^r by Horner with fused
// multiply-adds, 2^n built in the exponent bits. Lanes below -87.33654
// give 0, above 88.72283 +Inf, NaN stays NaN; inputs between 88.3763 and
// 88.7228 saturate at e^88.3763.
#define EXPBODY \
	VMAXPS       vLo<>(SB), Y0, Y2 \
	VMINPS       vHi<>(SB), Y2, Y2 \
	VMOVUPS      vMagic<>(SB), Y3 \
	VFMADD231PS  vLog2e<>(SB), Y2, Y3 \
	VSUBPS       vMagic<>(SB), Y3, Y4 \
	VFNMADD231PS vLn2Hi<>(SB), Y4, Y2 \
	VFNMADD231PS vLn2Lo<>(SB), Y4, Y2 \
	VMOVUPS      vC7<>(SB), Y5 \
	VFMADD213PS  vC6<>(SB), Y2, Y5 \
	VFMADD213PS  vC5<>(SB), Y2, Y5 \
	VFMADD213PS  vC4<>(SB), Y2, Y5 \
	VFMADD213PS  vC3<>(SB), Y2, Y5 \
	VFMADD213PS  vC2<>(SB), Y2, Y5 \
	VFMADD213PS  vOne<>(SB), Y2, Y5 \
	VFMADD213PS  vOne<>(SB), Y2, Y5 \
	VPADDD       vBias<>(SB), Y3, Y3 \
	VPSLLD       $23, Y3, Y3 \
	VMULPS       Y3, Y5, Y1 \
	VCMPPS       $0x11, vLo<>(SB), Y0, Y4 \
	VANDNPS      Y1, Y4, Y1 \
	VCMPPS       $0x1e, vInfAt<>(SB), Y0, Y4 \
	VBLENDVPS    Y4, vPInf<>(SB), Y1, Y1 \
	VCMPPS       $3, Y0, Y0, Y4 \
	VBLENDVPS    Y4, Y0, Y1, Y1

// Loop scaffolding: SI source, DI destination, CX count; Y7 holds the
// mask of the final partial vector, loaded from vTailMask.
#define TAILMASK \
	LEAQ    vTailMask<>(SB), AX \
	MOVQ    $8, BX \
	SUBQ    CX, BX \
	VMOVDQU (AX)(BX*4), Y7

// SIGMOIDBODY: Y1 = 1/(1 + e^{-Y6}); clobbers Y0, Y2-Y5.
#define SIGMOIDBODY \
	VXORPS  vSign<>(SB), Y6, Y0 \
	EXPBODY \
	VMOVUPS vOne<>(SB), Y2 \
	VADDPS  Y2, Y1, Y1 \
	VDIVPS  Y1, Y2, Y1

// TANHBODY: Y1 = tanh(Y6): sign(x)(1 - 2/(e^{2|x|}+1)) for |x| ≥ 0.3,
// the Taylor series to x¹³ below (truncation < 1e-10 relative).
#define TANHBODY \
	VANDPS       vAbs<>(SB), Y6, Y0 \
	VADDPS       Y0, Y0, Y0 \
	EXPBODY \
	VADDPS       vOne<>(SB), Y1, Y1 \
	VMOVUPS      vTwo<>(SB), Y2 \
	VDIVPS       Y1, Y2, Y2 \
	VMOVUPS      vOne<>(SB), Y1 \
	VSUBPS       Y2, Y1, Y1 \
	VANDPS       vSign<>(SB), Y6, Y3 \
	VORPS        Y3, Y1, Y1 \
	VMULPS       Y6, Y6, Y4 \
	VMOVUPS      vT13<>(SB), Y5 \
	VFMADD213PS  vT11<>(SB), Y4, Y5 \
	VFMADD213PS  vT9<>(SB), Y4, Y5 \
	VFMADD213PS  vT7<>(SB), Y4, Y5 \
	VFMADD213PS  vT5<>(SB), Y4, Y5 \
	VFMADD213PS  vT3<>(SB), Y4, Y5 \
	VMULPS       Y4, Y5, Y5 \
	VFMADD213PS  Y6, Y6, Y5 \
	VANDPS       vAbs<>(SB), Y6, Y3 \
	VCMPPS       $0x11, vTSmall<>(SB), Y3, Y3 \
	VBLENDVPS    Y3, Y5, Y1, Y1

// GELUSIG: Y1 = σ(z) and Y10 = σ(z)(1-σ(z)), z = x(k1 + k2x²) with x in
// Y6; Y8 = x² kept. With e = e^{-|z|} and q = 1/(1+e): σ = q for z ≥ 0,
// eq otherwise, and σ(1-σ) = eq², free of the cancellation in 1-σ.
#define GELUSIG \
	VMULPS       Y6, Y6, Y8 \
	VMOVUPS      vGK2<>(SB), Y0 \
	VFMADD213PS  vGK1<>(SB), Y8, Y0 \
	VMULPS       Y6, Y0, Y11 \
	VANDPS       vAbs<>(SB), Y11, Y0 \
	VXORPS       vSign<>(SB), Y0, Y0 \
	EXPBODY \
	VADDPS       vOne<>(SB), Y1, Y2 \
	VMOVUPS      vOne<>(SB), Y3 \
	VDIVPS       Y2, Y3, Y3 \
	VMULPS       Y3, Y1, Y4 \
	VMULPS       Y3, Y4, Y10 \
	VXORPS       Y5, Y5, Y5 \
	VCMPPS       $0x11, Y5, Y11, Y5 \
	VBLENDVPS    Y5, Y4, Y3, Y1

// func expAVX(dst, src *float32, n int)
TEXT ·expAVX(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
expLoop:
	CMPQ CX, $8
	JL   expTail
	VMOVUPS (SI), Y0
	EXPBODY
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  expLoop
expTail:
	TESTQ CX, CX
	JZ    expDone
	TAILMASK
	VMASKMOVPS (SI), Y7, Y0
	EXPBODY
	VMASKMOVPS Y1, Y7, (DI)
expDone:
	VZEROUPPER
	RET

// func sigmoidAVX(dst, src *float32, n int)
TEXT ·sigmoidAVX(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
sigLoop:
	CMPQ CX, $8
	JL   sigTail
	VMOVUPS (SI), Y6
	SIGMOIDBODY
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  sigLoop
sigTail:
	TESTQ CX, CX
	JZ    sigDone
	TAILMASK
	VMASKMOVPS (SI), Y7, Y6
	SIGMOIDBODY
	VMASKMOVPS Y1, Y7, (DI)
sigDone:
	VZEROUPPER
	RET

// func tanhAVX(dst, src *float32, n int)
TEXT ·tanhAVX(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
tanhLoop:
	CMPQ CX, $8
	JL   tanhTail
	VMOVUPS (SI), Y6
	TANHBODY
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  tanhLoop
tanhTail:
	TESTQ CX, CX
	JZ    tanhDone
	TAILMASK
	VMASKMOVPS (SI), Y7, Y6
	TANHBODY
	VMASKMOVPS Y1, Y7, (DI)
tanhDone:
	VZEROUPPER
	RET

// func geluAVX(dst, src *float32, n int)
TEXT ·geluAVX(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
geluLoop:
	CMPQ CX, $8
	JL   geluTail
	VMOVUPS (SI), Y6
	GELUSIG
	VMULPS  Y6, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  geluLoop
geluTail:
	TESTQ CX, CX
	JZ    geluDone
	TAILMASK
	VMASKMOVPS (SI), Y7, Y6
	GELUSIG
	VMULPS  Y6, Y1, Y1
	VMASKMOVPS Y1, Y7, (DI)
geluDone:
	VZEROUPPER
	RET

// GELUGRADBODY: Y1 = g·(σ + x·σ(1-σ)·(k1 + 3k2x²)) with x in Y6, g in Y9.
#define GELUGRADBODY \
	GELUSIG \
	VMOVUPS      vGK3<>(SB), Y3 \
	VFMADD213PS  vGK1<>(SB), Y8, Y3 \
	VMULPS       Y3, Y10, Y2 \
	VFMADD213PS  Y1, Y6, Y2 \
	VMULPS       Y9, Y2, Y1

// func geluGradAVX(dst, x, gr *float32, n int)
TEXT ·geluGradAVX(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ gr+16(FP), DX
	MOVQ n+24(FP), CX
ggLoop:
	CMPQ CX, $8
	JL   ggTail
	VMOVUPS (SI), Y6
	VMOVUPS (DX), Y9
	GELUGRADBODY
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  ggLoop
ggTail:
	TESTQ CX, CX
	JZ    ggDone
	TAILMASK
	VMASKMOVPS (SI), Y7, Y6
	VMASKMOVPS (DX), Y7, Y9
	GELUGRADBODY
	VMASKMOVPS Y1, Y7, (DI)
ggDone:
	VZEROUPPER
	RET

// ADAMBODY updates one vector: Y0 g, Y1 w, Y2 m, Y3 v in; Y8 b1, Y9 1-b1,
// Y10 b2, Y11 1-b2, Y12 step, Y13 1/√bc2, Y14 eps, Y15 decay, Y6 wd.
#define ADAMBODY \
	VFMADD231PS Y6, Y1, Y0 \
	VMULPS      Y15, Y1, Y1 \
	VMULPS      Y8, Y2, Y2 \
	VFMADD231PS Y9, Y0, Y2 \
	VMULPS      Y10, Y3, Y3 \
	VMULPS      Y0, Y0, Y4 \
	VFMADD231PS Y11, Y4, Y3 \
	VSQRTPS     Y3, Y4 \
	VFMADD213PS Y14, Y13, Y4 \
	VDIVPS      Y4, Y2, Y5 \
	VFNMADD231PS Y12, Y5, Y1

// func adamAVX(w, gr, m, v *float32, n int, c *[9]float32)
TEXT ·adamAVX(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ gr+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), DX
	VBROADCASTSS 0(DX), Y8
	VBROADCASTSS 4(DX), Y9
	VBROADCASTSS 8(DX), Y10
	VBROADCASTSS 12(DX), Y11
	VBROADCASTSS 16(DX), Y12
	VBROADCASTSS 20(DX), Y13
	VBROADCASTSS 24(DX), Y14
	VBROADCASTSS 28(DX), Y15
	VBROADCASTSS 32(DX), Y6
adamLoop:
	CMPQ CX, $8
	JL   adamTail
	VMOVUPS (SI), Y0
	VMOVUPS (DI), Y1
	VMOVUPS (R8), Y2
	VMOVUPS (R9), Y3
	ADAMBODY
	VMOVUPS Y2, (R8)
	VMOVUPS Y3, (R9)
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R8
	ADDQ $32, R9
	SUBQ $8, CX
	JMP  adamLoop
adamTail:
	TESTQ CX, CX
	JZ    adamDone
	TAILMASK
	VMASKMOVPS (SI), Y7, Y0
	VMASKMOVPS (DI), Y7, Y1
	VMASKMOVPS (R8), Y7, Y2
	VMASKMOVPS (R9), Y7, Y3
	ADAMBODY
	VMASKMOVPS Y2, Y7, (R8)
	VMASKMOVPS Y3, Y7, (R9)
	VMASKMOVPS Y1, Y7, (DI)
adamDone:
	VZEROUPPER
	RET



// Constant vectors (8 equal float32 lanes) generated by a script; values
// in comments.
// vLog2e = 1.4426950408889634
DATA vLog2e<>+0(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+4(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+8(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+12(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+16(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+20(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+24(SB)/4, $0x3fb8aa3b
DATA vLog2e<>+28(SB)/4, $0x3fb8aa3b
GLOBL vLog2e<>(SB), RODATA|NOPTR, $32
// vMagic = 12582912.0
DATA vMagic<>+0(SB)/4, $0x4b400000
DATA vMagic<>+4(SB)/4, $0x4b400000
DATA vMagic<>+8(SB)/4, $0x4b400000
DATA vMagic<>+12(SB)/4, $0x4b400000
DATA vMagic<>+16(SB)/4, $0x4b400000
DATA vMagic<>+20(SB)/4, $0x4b400000
DATA vMagic<>+24(SB)/4, $0x4b400000
DATA vMagic<>+28(SB)/4, $0x4b400000
GLOBL vMagic<>(SB), RODATA|NOPTR, $32
// vLn2Hi = 0.693359375
DATA vLn2Hi<>+0(SB)/4, $0x3f318000
DATA vLn2Hi<>+4(SB)/4, $0x3f318000
DATA vLn2Hi<>+8(SB)/4, $0x3f318000
DATA vLn2Hi<>+12(SB)/4, $0x3f318000
DATA vLn2Hi<>+16(SB)/4, $0x3f318000
DATA vLn2Hi<>+20(SB)/4, $0x3f318000
DATA vLn2Hi<>+24(SB)/4, $0x3f318000
DATA vLn2Hi<>+28(SB)/4, $0x3f318000
GLOBL vLn2Hi<>(SB), RODATA|NOPTR, $32
// vLn2Lo = -0.00021219444
DATA vLn2Lo<>+0(SB)/4, $0xb95e8083
DATA vLn2Lo<>+4(SB)/4, $0xb95e8083
DATA vLn2Lo<>+8(SB)/4, $0xb95e8083
DATA vLn2Lo<>+12(SB)/4, $0xb95e8083
DATA vLn2Lo<>+16(SB)/4, $0xb95e8083
DATA vLn2Lo<>+20(SB)/4, $0xb95e8083
DATA vLn2Lo<>+24(SB)/4, $0xb95e8083
DATA vLn2Lo<>+28(SB)/4, $0xb95e8083
GLOBL vLn2Lo<>(SB), RODATA|NOPTR, $32
// vLo = -87.33654
DATA vLo<>+0(SB)/4, $0xc2aeac4f
DATA vLo<>+4(SB)/4, $0xc2aeac4f
DATA vLo<>+8(SB)/4, $0xc2aeac4f
DATA vLo<>+12(SB)/4, $0xc2aeac4f
DATA vLo<>+16(SB)/4, $0xc2aeac4f
DATA vLo<>+20(SB)/4, $0xc2aeac4f
DATA vLo<>+24(SB)/4, $0xc2aeac4f
DATA vLo<>+28(SB)/4, $0xc2aeac4f
GLOBL vLo<>(SB), RODATA|NOPTR, $32
// vHi = 88.3762626647949
DATA vHi<>+0(SB)/4, $0x42b0c0a5
DATA vHi<>+4(SB)/4, $0x42b0c0a5
DATA vHi<>+8(SB)/4, $0x42b0c0a5
DATA vHi<>+12(SB)/4, $0x42b0c0a5
DATA vHi<>+16(SB)/4, $0x42b0c0a5
DATA vHi<>+20(SB)/4, $0x42b0c0a5
DATA vHi<>+24(SB)/4, $0x42b0c0a5
DATA vHi<>+28(SB)/4, $0x42b0c0a5
GLOBL vHi<>(SB), RODATA|NOPTR, $32
// vInfAt = 88.72283
DATA vInfAt<>+0(SB)/4, $0x42b17217
DATA vInfAt<>+4(SB)/4, $0x42b17217
DATA vInfAt<>+8(SB)/4, $0x42b17217
DATA vInfAt<>+12(SB)/4, $0x42b17217
DATA vInfAt<>+16(SB)/4, $0x42b17217
DATA vInfAt<>+20(SB)/4, $0x42b17217
DATA vInfAt<>+24(SB)/4, $0x42b17217
DATA vInfAt<>+28(SB)/4, $0x42b17217
GLOBL vInfAt<>(SB), RODATA|NOPTR, $32
// vC7 = 0.0001984126984126984
DATA vC7<>+0(SB)/4, $0x39500d01
DATA vC7<>+4(SB)/4, $0x39500d01
DATA vC7<>+8(SB)/4, $0x39500d01
DATA vC7<>+12(SB)/4, $0x39500d01
DATA vC7<>+16(SB)/4, $0x39500d01
DATA vC7<>+20(SB)/4, $0x39500d01
DATA vC7<>+24(SB)/4, $0x39500d01
DATA vC7<>+28(SB)/4, $0x39500d01
GLOBL vC7<>(SB), RODATA|NOPTR, $32
// vC6 = 0.001388888888888889
DATA vC6<>+0(SB)/4, $0x3ab60b61
DATA vC6<>+4(SB)/4, $0x3ab60b61
DATA vC6<>+8(SB)/4, $0x3ab60b61
DATA vC6<>+12(SB)/4, $0x3ab60b61
DATA vC6<>+16(SB)/4, $0x3ab60b61
DATA vC6<>+20(SB)/4, $0x3ab60b61
DATA vC6<>+24(SB)/4, $0x3ab60b61
DATA vC6<>+28(SB)/4, $0x3ab60b61
GLOBL vC6<>(SB), RODATA|NOPTR, $32
// vC5 = 0.008333333333333333
DATA vC5<>+0(SB)/4, $0x3c088889
DATA vC5<>+4(SB)/4, $0x3c088889
DATA vC5<>+8(SB)/4, $0x3c088889
DATA vC5<>+12(SB)/4, $0x3c088889
DATA vC5<>+16(SB)/4, $0x3c088889
DATA vC5<>+20(SB)/4, $0x3c088889
DATA vC5<>+24(SB)/4, $0x3c088889
DATA vC5<>+28(SB)/4, $0x3c088889
GLOBL vC5<>(SB), RODATA|NOPTR, $32
// vC4 = 0.041666666666666664
DATA vC4<>+0(SB)/4, $0x3d2aaaab
DATA vC4<>+4(SB)/4, $0x3d2aaaab
DATA vC4<>+8(SB)/4, $0x3d2aaaab
DATA vC4<>+12(SB)/4, $0x3d2aaaab
DATA vC4<>+16(SB)/4, $0x3d2aaaab
DATA vC4<>+20(SB)/4, $0x3d2aaaab
DATA vC4<>+24(SB)/4, $0x3d2aaaab
DATA vC4<>+28(SB)/4, $0x3d2aaaab
GLOBL vC4<>(SB), RODATA|NOPTR, $32
// vC3 = 0.16666666666666666
DATA vC3<>+0(SB)/4, $0x3e2aaaab
DATA vC3<>+4(SB)/4, $0x3e2aaaab
DATA vC3<>+8(SB)/4, $0x3e2aaaab
DATA vC3<>+12(SB)/4, $0x3e2aaaab
DATA vC3<>+16(SB)/4, $0x3e2aaaab
DATA vC3<>+20(SB)/4, $0x3e2aaaab
DATA vC3<>+24(SB)/4, $0x3e2aaaab
DATA vC3<>+28(SB)/4, $0x3e2aaaab
GLOBL vC3<>(SB), RODATA|NOPTR, $32
// vC2 = 0.5
DATA vC2<>+0(SB)/4, $0x3f000000
DATA vC2<>+4(SB)/4, $0x3f000000
DATA vC2<>+8(SB)/4, $0x3f000000
DATA vC2<>+12(SB)/4, $0x3f000000
DATA vC2<>+16(SB)/4, $0x3f000000
DATA vC2<>+20(SB)/4, $0x3f000000
DATA vC2<>+24(SB)/4, $0x3f000000
DATA vC2<>+28(SB)/4, $0x3f000000
GLOBL vC2<>(SB), RODATA|NOPTR, $32
// vOne = 1.0
DATA vOne<>+0(SB)/4, $0x3f800000
DATA vOne<>+4(SB)/4, $0x3f800000
DATA vOne<>+8(SB)/4, $0x3f800000
DATA vOne<>+12(SB)/4, $0x3f800000
DATA vOne<>+16(SB)/4, $0x3f800000
DATA vOne<>+20(SB)/4, $0x3f800000
DATA vOne<>+24(SB)/4, $0x3f800000
DATA vOne<>+28(SB)/4, $0x3f800000
GLOBL vOne<>(SB), RODATA|NOPTR, $32
// vTwo = 2.0
DATA vTwo<>+0(SB)/4, $0x40000000
DATA vTwo<>+4(SB)/4, $0x40000000
DATA vTwo<>+8(SB)/4, $0x40000000
DATA vTwo<>+12(SB)/4, $0x40000000
DATA vTwo<>+16(SB)/4, $0x40000000
DATA vTwo<>+20(SB)/4, $0x40000000
DATA vTwo<>+24(SB)/4, $0x40000000
DATA vTwo<>+28(SB)/4, $0x40000000
GLOBL vTwo<>(SB), RODATA|NOPTR, $32
// vT3 = -0.3333333333333333
DATA vT3<>+0(SB)/4, $0xbeaaaaab
DATA vT3<>+4(SB)/4, $0xbeaaaaab
DATA vT3<>+8(SB)/4, $0xbeaaaaab
DATA vT3<>+12(SB)/4, $0xbeaaaaab
DATA vT3<>+16(SB)/4, $0xbeaaaaab
DATA vT3<>+20(SB)/4, $0xbeaaaaab
DATA vT3<>+24(SB)/4, $0xbeaaaaab
DATA vT3<>+28(SB)/4, $0xbeaaaaab
GLOBL vT3<>(SB), RODATA|NOPTR, $32
// vT5 = 0.13333333333333333
DATA vT5<>+0(SB)/4, $0x3e088889
DATA vT5<>+4(SB)/4, $0x3e088889
DATA vT5<>+8(SB)/4, $0x3e088889
DATA vT5<>+12(SB)/4, $0x3e088889
DATA vT5<>+16(SB)/4, $0x3e088889
DATA vT5<>+20(SB)/4, $0x3e088889
DATA vT5<>+24(SB)/4, $0x3e088889
DATA vT5<>+28(SB)/4, $0x3e088889
GLOBL vT5<>(SB), RODATA|NOPTR, $32
// vT7 = -0.05396825396825397
DATA vT7<>+0(SB)/4, $0xbd5d0dd1
DATA vT7<>+4(SB)/4, $0xbd5d0dd1
DATA vT7<>+8(SB)/4, $0xbd5d0dd1
DATA vT7<>+12(SB)/4, $0xbd5d0dd1
DATA vT7<>+16(SB)/4, $0xbd5d0dd1
DATA vT7<>+20(SB)/4, $0xbd5d0dd1
DATA vT7<>+24(SB)/4, $0xbd5d0dd1
DATA vT7<>+28(SB)/4, $0xbd5d0dd1
GLOBL vT7<>(SB), RODATA|NOPTR, $32
// vT9 = 0.021869488536155203
DATA vT9<>+0(SB)/4, $0x3cb327a4
DATA vT9<>+4(SB)/4, $0x3cb327a4
DATA vT9<>+8(SB)/4, $0x3cb327a4
DATA vT9<>+12(SB)/4, $0x3cb327a4
DATA vT9<>+16(SB)/4, $0x3cb327a4
DATA vT9<>+20(SB)/4, $0x3cb327a4
DATA vT9<>+24(SB)/4, $0x3cb327a4
DATA vT9<>+28(SB)/4, $0x3cb327a4
GLOBL vT9<>(SB), RODATA|NOPTR, $32
// vT11 = -0.008863235529902197
DATA vT11<>+0(SB)/4, $0xbc11371b
DATA vT11<>+4(SB)/4, $0xbc11371b
DATA vT11<>+8(SB)/4, $0xbc11371b
DATA vT11<>+12(SB)/4, $0xbc11371b
DATA vT11<>+16(SB)/4, $0xbc11371b
DATA vT11<>+20(SB)/4, $0xbc11371b
DATA vT11<>+24(SB)/4, $0xbc11371b
DATA vT11<>+28(SB)/4, $0xbc11371b
GLOBL vT11<>(SB), RODATA|NOPTR, $32
// vT13 = 0.003592128036572481
DATA vT13<>+0(SB)/4, $0x3b6b69e8
DATA vT13<>+4(SB)/4, $0x3b6b69e8
DATA vT13<>+8(SB)/4, $0x3b6b69e8
DATA vT13<>+12(SB)/4, $0x3b6b69e8
DATA vT13<>+16(SB)/4, $0x3b6b69e8
DATA vT13<>+20(SB)/4, $0x3b6b69e8
DATA vT13<>+24(SB)/4, $0x3b6b69e8
DATA vT13<>+28(SB)/4, $0x3b6b69e8
GLOBL vT13<>(SB), RODATA|NOPTR, $32
// vTSmall = 0.3
DATA vTSmall<>+0(SB)/4, $0x3e99999a
DATA vTSmall<>+4(SB)/4, $0x3e99999a
DATA vTSmall<>+8(SB)/4, $0x3e99999a
DATA vTSmall<>+12(SB)/4, $0x3e99999a
DATA vTSmall<>+16(SB)/4, $0x3e99999a
DATA vTSmall<>+20(SB)/4, $0x3e99999a
DATA vTSmall<>+24(SB)/4, $0x3e99999a
DATA vTSmall<>+28(SB)/4, $0x3e99999a
GLOBL vTSmall<>(SB), RODATA|NOPTR, $32
// vGK1 = 1.5957691216057308
DATA vGK1<>+0(SB)/4, $0x3fcc422a
DATA vGK1<>+4(SB)/4, $0x3fcc422a
DATA vGK1<>+8(SB)/4, $0x3fcc422a
DATA vGK1<>+12(SB)/4, $0x3fcc422a
DATA vGK1<>+16(SB)/4, $0x3fcc422a
DATA vGK1<>+20(SB)/4, $0x3fcc422a
DATA vGK1<>+24(SB)/4, $0x3fcc422a
DATA vGK1<>+28(SB)/4, $0x3fcc422a
GLOBL vGK1<>(SB), RODATA|NOPTR, $32
// vGK2 = 0.07135481627260025
DATA vGK2<>+0(SB)/4, $0x3d922279
DATA vGK2<>+4(SB)/4, $0x3d922279
DATA vGK2<>+8(SB)/4, $0x3d922279
DATA vGK2<>+12(SB)/4, $0x3d922279
DATA vGK2<>+16(SB)/4, $0x3d922279
DATA vGK2<>+20(SB)/4, $0x3d922279
DATA vGK2<>+24(SB)/4, $0x3d922279
DATA vGK2<>+28(SB)/4, $0x3d922279
GLOBL vGK2<>(SB), RODATA|NOPTR, $32
// vGK3 = 0.21406444881780076
DATA vGK3<>+0(SB)/4, $0x3e5b33b6
DATA vGK3<>+4(SB)/4, $0x3e5b33b6
DATA vGK3<>+8(SB)/4, $0x3e5b33b6
DATA vGK3<>+12(SB)/4, $0x3e5b33b6
DATA vGK3<>+16(SB)/4, $0x3e5b33b6
DATA vGK3<>+20(SB)/4, $0x3e5b33b6
DATA vGK3<>+24(SB)/4, $0x3e5b33b6
DATA vGK3<>+28(SB)/4, $0x3e5b33b6
GLOBL vGK3<>(SB), RODATA|NOPTR, $32
DATA vBias<>+0(SB)/4, $0xb4c0007f
DATA vBias<>+4(SB)/4, $0xb4c0007f
DATA vBias<>+8(SB)/4, $0xb4c0007f
DATA vBias<>+12(SB)/4, $0xb4c0007f
DATA vBias<>+16(SB)/4, $0xb4c0007f
DATA vBias<>+20(SB)/4, $0xb4c0007f
DATA vBias<>+24(SB)/4, $0xb4c0007f
DATA vBias<>+28(SB)/4, $0xb4c0007f
GLOBL vBias<>(SB), RODATA|NOPTR, $32
DATA vSign<>+0(SB)/4, $0x80000000
DATA vSign<>+4(SB)/4, $0x80000000
DATA vSign<>+8(SB)/4, $0x80000000
DATA vSign<>+12(SB)/4, $0x80000000
DATA vSign<>+16(SB)/4, $0x80000000
DATA vSign<>+20(SB)/4, $0x80000000
DATA vSign<>+24(SB)/4, $0x80000000
DATA vSign<>+28(SB)/4, $0x80000000
GLOBL vSign<>(SB), RODATA|NOPTR, $32
DATA vAbs<>+0(SB)/4, $0x7fffffff
DATA vAbs<>+4(SB)/4, $0x7fffffff
DATA vAbs<>+8(SB)/4, $0x7fffffff
DATA vAbs<>+12(SB)/4, $0x7fffffff
DATA vAbs<>+16(SB)/4, $0x7fffffff
DATA vAbs<>+20(SB)/4, $0x7fffffff
DATA vAbs<>+24(SB)/4, $0x7fffffff
DATA vAbs<>+28(SB)/4, $0x7fffffff
GLOBL vAbs<>(SB), RODATA|NOPTR, $32
DATA vPInf<>+0(SB)/4, $0x7f800000
DATA vPInf<>+4(SB)/4, $0x7f800000
DATA vPInf<>+8(SB)/4, $0x7f800000
DATA vPInf<>+12(SB)/4, $0x7f800000
DATA vPInf<>+16(SB)/4, $0x7f800000
DATA vPInf<>+20(SB)/4, $0x7f800000
DATA vPInf<>+24(SB)/4, $0x7f800000
DATA vPInf<>+28(SB)/4, $0x7f800000
GLOBL vPInf<>(SB), RODATA|NOPTR, $32
DATA vTailMask<>+0(SB)/4, $0xffffffff
DATA vTailMask<>+4(SB)/4, $0xffffffff
DATA vTailMask<>+8(SB)/4, $0xffffffff
DATA vTailMask<>+12(SB)/4, $0xffffffff
DATA vTailMask<>+16(SB)/4, $0xffffffff
DATA vTailMask<>+20(SB)/4, $0xffffffff
DATA vTailMask<>+24(SB)/4, $0xffffffff
DATA vTailMask<>+28(SB)/4, $0xffffffff
DATA vTailMask<>+32(SB)/4, $0x00000000
DATA vTailMask<>+36(SB)/4, $0x00000000
DATA vTailMask<>+40(SB)/4, $0x00000000
DATA vTailMask<>+44(SB)/4, $0x00000000
DATA vTailMask<>+48(SB)/4, $0x00000000
DATA vTailMask<>+52(SB)/4, $0x00000000
DATA vTailMask<>+56(SB)/4, $0x00000000
DATA vTailMask<>+60(SB)/4, $0x00000000
GLOBL vTailMask<>(SB), RODATA|NOPTR, $64
