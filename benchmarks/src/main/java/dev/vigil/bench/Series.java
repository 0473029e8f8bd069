package dev.vigil.bench;

import java.util.Random;

/**
 * One generated minute-resolution series shared by the model and RCF benchmarks: a daily cycle,
 * a weekly dip, noise, and an occasional spike or level shift, as a busy service's latency or CPU
 * looks. Deterministic, so both models see exactly the same values.
 */
final class Series {
    static final int LENGTH = 20_160; // two weeks of minutes
    static final long T0 = Fleet.T0;

    final long[] timestamps = new long[LENGTH];
    final double[] values = new double[LENGTH];

    Series() {
        Random rnd = new Random(42);
        double shift = 0;
        for (int i = 0; i < LENGTH; i++) {
            timestamps[i] = T0 + i * Fleet.MINUTE;
            double day = Math.sin(2 * Math.PI * i / 1440.0);
            double weekend = (i / 1440) % 7 >= 5 ? -8 : 0;
            if (i % 4999 == 4000) {
                shift = rnd.nextBoolean() ? 6 : -6;
            }
            double spike = i % 3001 == 2500 ? 30 : 0;
            values[i] = 50 + 15 * day + weekend + shift + spike + rnd.nextGaussian() * 2;
        }
    }
}
