package com.auralise.model;

/** Weights of one convolution: kernel (out, in, kF, kT) flattened row-major, and bias (out). */
public final class ConvWeights {
    public final int out;
    public final int in;
    public final int kF;
    public final int kT;
    public final float[] kernel;
    public final float[] bias;

    public ConvWeights(int out, int in, int kF, int kT, float[] kernel, float[] bias) {
        if (kernel.length != (long) out * in * kF * kT) {
            throw new IllegalArgumentException("kernel has " + kernel.length + " values, expected "
                    + out + "x" + in + "x" + kF + "x" + kT);
        }
        if (bias.length != out) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, expected " + out);
        }
        this.out = out;
        this.in = in;
        this.kF = kF;
        this.kT = kT;
        this.kernel = kernel;
        this.bias = bias;
    }

    public float w(int o, int i, int f, int t) {
        return kernel[((o * in + i) * kF + f) * kT + t];
    }
}
