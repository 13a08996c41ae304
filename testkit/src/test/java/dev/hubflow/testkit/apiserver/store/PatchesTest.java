package dev.hubflow.testkit.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static JsonElement json(String text) {
    return JsonParser.parseString(text.replace('\'', '"'));
  }

  @Test
  void mergePatchRemovesNullsAndReplacesLists() {
    assertThat(
            Patches.merge(
                json("{'a':1,'b':{'c':2,'d':3},'l':[1,2]}"), json("{'b':{'c':null},'l':[3]}")))
        .isEqualTo(json("{'a':1,'b':{'d':3},'l':[3]}"));
  }

  @Test
  void strategicMergeMergesNamedListsAndHonoursDirectives() {
    JsonElement pod =
        json(
            "{'metadata':{'finalizers':['a']},'spec':{'volumes':[{'name':'v1','emptyDir':{}},{'name':'v2'}],"
                + "'containers':[{'name':'main','volumeMounts':[{'mountPath':'/a','name':'v1'}]}]}}");
    JsonElement patched =
        Patches.strategic(
            pod,
            json(
                "{'metadata':{'finalizers':['b']},'spec':{'volumes':[{'name':'v2','$patch':'delete'},{'name':'v3'}],"
                    + "'containers':[{'name':'main','volumeMounts':[{'mountPath':'/b','name':'v3'}]}]}}"));
    assertThat(patched)
        .isEqualTo(
            json(
                "{'metadata':{'finalizers':['a','b']},'spec':{'volumes':[{'name':'v1','emptyDir':{}},{'name':'v3'}],"
                    + "'containers':[{'name':'main','volumeMounts':[{'mountPath':'/a','name':'v1'},"
                    + "{'mountPath':'/b','name':'v3'}]}]}}"));
    assertThat(
            Patches.strategic(
                pod, json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}")))
        .isEqualTo(
            json(
                "{'metadata':{'finalizers':[]},'spec':" + pod.getAsJsonObject().get("spec") + "}"));
    assertThat(Patches.strategic(json("{'spec':{'args':['x']}}"), json("{'spec':{'args':['y']}}")))
        .isEqualTo(json("{'spec':{'args':['y']}}"));
  }

  @Test
  void jsonPatchAddsInsertsMovesAndCopies() {
    JsonElement doc = json("{'a':[1,3],'b':{'c':1}}");
    JsonElement out =
        Patches.jsonPatch(
            doc,
            json("[{'op':'add','path':'/a/1','value':2},{'op':'add','path':'/a/-','value':4},"
                    + "{'op':'move','from':'/b/c','path':'/d'},{'op':'copy','from':'/d','path':'/e'}]")
                .getAsJsonArray());
    assertThat(out).isEqualTo(json("{'a':[1,2,3,4],'b':{},'d':1,'e':1}"));
    assertThat(doc).isEqualTo(json("{'a':[1,3],'b':{'c':1}}"));
  }
}
