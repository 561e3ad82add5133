package com.auralise.batch;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;

import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline: the driver's track list → Reshuffle (spread over workers: a folder or manifest is
 * often ordered by album, i.e. by length) → render each track → one results file. The same graph
 * runs on the DirectRunner (embedded, the default) or on Flink (a local mini-cluster with
 * "[local]", or a cluster's JobManager "host:port").
 */
final class BatchPipeline {
    enum Runner { DIRECT, FLINK }

    /** How to run: which runner, how many tracks at once, Flink's master, extra Beam options (--name=value). */
    record Run(Runner runner, int parallelism, String flinkMaster, List<String> beamArgs) {
    }

    private BatchPipeline() {
    }

    static PipelineOptions options(Run run) {
        String[] extra = run.beamArgs() == null ? new String[0] : run.beamArgs().toArray(new String[0]);
        if (run.runner() == Runner.FLINK) {
            FlinkPipelineOptions o = PipelineOptionsFactory.fromArgs(extra).as(FlinkPipelineOptions.class);
            o.setRunner(FlinkRunner.class);
            o.setFlinkMaster(run.flinkMaster());
            o.setParallelism(run.parallelism());
            o.setJobName("auralise-batch");
            // Tracks and result rows are immutable values: Flink need not deep-copy them between operators.
            o.setFasterCopy(true);
            return o;
        }
        DirectOptions o = PipelineOptionsFactory.fromArgs(extra).as(DirectOptions.class);
        o.setRunner(DirectRunner.class);
        o.setTargetParallelism(run.parallelism());
        return o;
    }

    /** Runs the job to the end; the results file then holds one row per track. */
    static PipelineResult.State run(List<Track> tracks, JobSpec spec, Path results, Run run) {
        Pipeline p = Pipeline.create(options(run));
        p.apply("Tracks", Create.of(tracks).withCoder(SerializableCoder.of(Track.class)))
                .apply("Spread", Reshuffle.viaRandomKey())
                .apply("Render", ParDo.of(new RenderTrackFn(spec)))
                .apply("Results", TextIO.write().to(results.toAbsolutePath().toString()).withoutSharding());
        return p.run().waitUntilFinish();
    }
}
