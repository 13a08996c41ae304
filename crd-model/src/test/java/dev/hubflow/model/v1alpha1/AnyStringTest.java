package dev.hubflow.model.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.hubflow.model.Codec;
import org.junit.jupiter.api.Test;

class AnyStringTest {
  @Test
  void numbersAndBooleansReadAsArgoStringsAndWriteBackAsWritten() {
    Parameter p =
        Codec.read("name: x\nvalue: 1\ndefault: true\nenum: [1, 2.50, b]\n", Parameter.class);

    assertThat(p.getValue()).isEqualTo("1");
    assertThat(p.getDefault_()).isEqualTo("true");
    assertThat(p.getEnum_()).containsExactly("1", "2.5", "b");
    assertThat(Codec.toTree(p))
        .isEqualTo(
            JsonParser.parseString(
                "{\"name\":\"x\",\"value\":1,\"default\":true,\"enum\":[1,2.50,\"b\"]}"));
  }

  @Test
  void aListOrMapValueReadsAsEmptyStringLikeArgoButIsKept() {
    Parameter p = Codec.read("name: files\nvalue: []\n", Parameter.class);

    assertThat(p.getValue()).isEmpty();
    assertThat(Codec.toJson(p)).isEqualTo("{\"name\":\"files\",\"value\":[]}");
  }

  @Test
  void valuesSetInCodeAreStringsAndEqualTheirNumericForm() {
    Parameter set = new Parameter().name("x").value("1").addEnum_Item("a");
    Parameter read = Codec.read("name: x\nvalue: 1\nenum: [a]\n", Parameter.class);

    assertThat(Codec.toJson(set)).isEqualTo("{\"enum\":[\"a\"],\"name\":\"x\",\"value\":\"1\"}");
    assertThat(read).isEqualTo(set);
    assertThat(read.hashCode()).isEqualTo(set.hashCode());
    assertThat(new Parameter().value(null).getValue()).isNull();
  }

  @Test
  void valueFromDefaultIsAnAnyStringToo() {
    ValueFrom v = Codec.read("default: 0\npath: /tmp/x\n", ValueFrom.class);

    assertThat(v.getDefault_()).isEqualTo("0");
    assertThat(Codec.toJson(v)).contains("\"default\":0");
  }
}
