package dev.streamml.eval.nab;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link NabProfile}: the weights of NAB's {@code config/profiles.json}. */
@RunWith(JUnit4.class)
public class NabProfileTest {

  @Test
  public void standardProfilesHaveNabWeights() {
    assertThat(NabProfile.STANDARD, equalTo(NabProfile.of("standard", 1.0, 0.11, 1.0)));
    assertThat(
        NabProfile.REWARD_LOW_FP_RATE,
        equalTo(NabProfile.of("reward_low_FP_rate", 1.0, 0.22, 1.0)));
    assertThat(
        NabProfile.REWARD_LOW_FN_RATE,
        equalTo(NabProfile.of("reward_low_FN_rate", 1.0, 0.11, 2.0)));
    assertThat(
        NabProfile.standardProfiles(),
        contains(
            NabProfile.STANDARD, NabProfile.REWARD_LOW_FP_RATE, NabProfile.REWARD_LOW_FN_RATE));
    assertThat(NabProfile.STANDARD.getTruePositiveWeight(), is(1.0));
    assertThat(NabProfile.STANDARD.getFalsePositiveWeight(), is(0.11));
    assertThat(NabProfile.STANDARD.getFalseNegativeWeight(), is(1.0));
  }

  @Test
  public void rejectsBadWeights() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> NabProfile.of("x", 1, -0.1, 1))
            .getMessage(),
        containsString("false positive weight should be a finite non-negative number"));
    assertThrows(IllegalArgumentException.class, () -> NabProfile.of("x", Double.NaN, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> NabProfile.of(" ", 1, 1, 1));
  }
}
